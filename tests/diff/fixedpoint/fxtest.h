/*
 * Shared scaffolding for the fixed-point differential programs (included by the .S files here).
 * Each T(...) case loads RA=r4, RB=r5, RC=r6 and XER, clears the CR, presets r3, runs one
 * instruction and records a text line: r3 (16 hex digits), XER(32:63) and CR (8 hex digits each).
 * Only fixed-point, branch and std instructions are used, so the output depends on nothing else.
 */
    .abiversion 2

/* Load a 64-bit constant with ori/oris/rldicr only. */
.macro LI64 r, v
    li \r, 0
    oris \r, \r, (\v)@highest
    ori \r, \r, (\v)@higher
    rldicr \r, \r, 32, 31
    oris \r, \r, (\v)@h
    ori \r, \r, (\v)@l
.endm

#define XER_SO 0x80000000
#define XER_OV 0x40000000
#define XER_CA 0x20000000
#define PRESET 0xa5a5a5a55a5a5a5a

/* One case: inputs a, b, c, initial XER x, then the instruction (the variadic part). */
#define TX(x, a, b, c, ...) LI64 4, a ; LI64 5, b ; LI64 6, c ; LI64 3, x ; mtxer 3 ; \
    li 3, 0 ; mtcrf 0xff, 3 ; LI64 3, PRESET ; __VA_ARGS__ ; bl record
#define T(a, b, ...) TX(0, a, b, 0, __VA_ARGS__)

/* Interesting operands: zero, ±1, ±2, word and doubleword limits, mixed patterns. */
#define VALUES 0, 1, -1, 2, -2, 3, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffff, 0x80000000, \
    0xffffffff, 0x100000000, 0xffffffff80000000, 0x123456789abcdef0, 0xfedcba9876543210, 0x8000000000000001
#define SHIFTS 0, 1, 7, 31, 32, 33, 63, 64, 65, 127, 128, 0xffffffffffffffe1

/* Writes the records so far to stdout (for programs that end in a signal). */
#define FLUSH li 0, 4 ; li 3, 1 ; mr 4, 30 ; subf 5, 30, 31 ; sc ; mr 31, 30

/* Every pair of VALUES through one instruction reading r4 and r5. */
#define PAIRS(...) .irp a, VALUES ; .irp b, VALUES ; T(\a, \b, __VA_ARGS__) ; .endr ; .endr
/* Every value through one instruction reading r4. */
#define SINGLE(...) .irp a, VALUES ; T(\a, 0, __VA_ARGS__) ; .endr
/* Every value against every shift amount in r5. */
#define SHIFTED(...) .irp a, VALUES ; .irp b, SHIFTS ; T(\a, \b, __VA_ARGS__) ; .endr ; .endr

    .text
    .globl _start
_start:
    lis 31, buf@ha
    addi 31, 31, buf@l
    mr 30, 31
    bl tests
    /* write(1, buf, r31 - buf); exit_group(0) */
    li 0, 4
    li 3, 1
    mr 4, 30
    subf 5, 30, 31
    sc
    li 0, 234
    li 3, 0
    sc

/* Appends "RRRRRRRRRRRRRRRRXXXXXXXXCCCCCCCC       \n" for r3, XER and CR to the buffer at r31. */
record:
    mfxer 26
    mfcr 27
    mflr 28
    mr 25, 3
    srdi 3, 25, 32
    bl hex8
    std 3, 0(31)
    mr 3, 25
    bl hex8
    std 3, 8(31)
    mr 3, 26
    bl hex8
    std 3, 16(31)
    mr 3, 27
    bl hex8
    std 3, 24(31)
    LI64 3, 0x0a20202020202020
    std 3, 32(31)
    addi 31, 31, 40
    mtlr 28
    blr

/* r3 = the eight hex digits of r3's low word as ASCII, first digit in the lowest byte. */
hex8:
    li 10, 0
    li 11, 8
    mtctr 11
1:  rlwinm 12, 3, 4, 28, 31
    slwi 3, 3, 4
    addi 12, 12, '0'
    cmpwi 12, '9'
    ble 2f
    addi 12, 12, 'a' - '0' - 10
2:  srdi 10, 10, 8
    sldi 12, 12, 56
    or 10, 10, 12
    bdnz 1b
    mr 3, 10
    blr

    .bss
    .balign 8
buf:
    .space 4 << 20

    .text
tests:
    mflr 29
