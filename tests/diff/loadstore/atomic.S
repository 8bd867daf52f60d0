// larx/stcx. (memory effects; Book II 4.4.2), lq/stq and lqarx/stqcx. (doubleword order in LE),
// the ISA 3.0 atomic memory operations (Book II 4.5), dcbz and the no-op cache hints.
// cpus: power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    PATTERN
    .balign 128
BLK: .rept 64; .byte 0x5a; .endr
    .balign 8
VALS: .quad 0x0123456789abcdef, 0xfedcba9876543210, 0x00000000fffffff0, 0x8000000000000005
/* word AMO operands: sign bits clear, as qemu-ppc64le 7.2 compares words as zero-extended
   memory against the whole 64-bit register (amo-qemu-differs.S has the other cases) */
WVALS: .quad 0x123456787ffffff0, 0x0000000000000005
M:  .space 256
RES: .space 1024
TXT: .space 2000

#define SAVE(r, slot) std r, (slot) * 8(20)

_start:
    li 20, RES
    li 10, M
    ld 4, VALS(0)
    ld 5, VALS+8(0)
    ld 6, VALS+16(0)
    ld 7, VALS+24(0)
    /* M[0..7] = VALS[0]; lwarx/stwcx. succeeds */
    std 4, 0(10)
    li 12, 0
    lwarx 11, 10, 12
    SAVE(11, 0)
    stwcx. 5, 10, 12
    ld 11, 0(10); SAVE(11, 1)
    /* an intervening store of another value makes stdcx. fail */
    ldarx 11, 10, 12
    SAVE(11, 2)
    std 6, 0(10)
    stdcx. 7, 10, 12
    ld 11, 0(10); SAVE(11, 3)
    /* no reservation: fails */
    stdcx. 7, 10, 12
    ld 11, 0(10); SAVE(11, 4)
    /* reservation on M, stcx. to M+8 fails and stores nothing */
    std 4, 8(10)
    ldarx 11, 10, 12
    li 13, 8
    stdcx. 5, 10, 13
    ld 11, 8(10); SAVE(11, 5)
    /* byte and halfword reservations */
    li 13, 3
    lbarx 11, 10, 13
    SAVE(11, 6)
    stbcx. 5, 10, 13
    li 13, 6
    lharx 11, 10, 13
    SAVE(11, 7)
    sthcx. 5, 10, 13
    ld 11, 0(10); SAVE(11, 8)
    /* a store of the same value does not break the reservation (value-based, as qemu) */
    lwarx 11, 10, 12
    stw 11, 0(10)
    stwcx. 4, 10, 12
    ld 11, 0(10); SAVE(11, 9)
    /* lq/stq: RTp gets the high-order doubleword, which is at EA+8 in LE */
    li 14, PAT
    lq 16, 16(14)      /* crosses the page at PAT+24 */
    SAVE(16, 10); SAVE(17, 11)
    li 16, 0; li 17, 0
    lq 16, 0(10)
    SAVE(16, 12); SAVE(17, 13)
    ld 16, VALS(0)
    ld 17, VALS+8(0)
    stq 16, 16(10)
    ld 11, 16(10); SAVE(11, 14)
    ld 11, 24(10); SAVE(11, 15)
    /* lqarx (stqcx. is in amo-qemu-differs.S: qemu-ppc64le 7.2 always fails it) */
    li 13, 16
    lqarx 18, 10, 13
    SAVE(18, 16); SAVE(19, 17)
    SAVE(18, 18); SAVE(19, 19)
    /* AMOs on M+32 (ldat) and M+64 (lwat); operands in RT+1 (and RT+2) */
    li 21, M+32
    li 22, M+64
#define LDAT(fc, slot) std 4, 0(21); ld 25, VALS+8(0); ld 26, VALS+24(0); ldat 24, 21, fc; SAVE(24, slot); ld 11, 0(21); SAVE(11, slot + 1)
#define LWAT(fc, slot) ld 6, WVALS(0); std 6, 0(22); ld 25, WVALS+8(0); ld 26, VALS(0); lwat 24, 22, fc; SAVE(24, slot); ld 11, 0(22); SAVE(11, slot + 1)
    LDAT(0, 20)
    LDAT(1, 22)
    LDAT(2, 24)
    LDAT(3, 26)
    LDAT(4, 28)
    LDAT(5, 30)
    LDAT(6, 32)
    LDAT(7, 34)
    LDAT(8, 36)
    LDAT(16, 38)
    LWAT(0, 40)
    LWAT(1, 42)
    LWAT(4, 44)
    LWAT(5, 46)
    LWAT(6, 48)
    LWAT(7, 50)
    LWAT(8, 52)
    LWAT(16, 54)
    /* fetch and increment/decrement when the bound differs (the "equal" case is in amo-bounded.S) */
    std 4, 0(21); std 5, 8(21)
    ldat 24, 21, 24; SAVE(24, 56); ld 11, 0(21); SAVE(11, 57)
    ldat 24, 21, 28; SAVE(24, 58); ld 11, 0(21); SAVE(11, 59)
    std 4, 0(21); std 4, 8(21)
    ldat 24, 21, 25; SAVE(24, 60); ld 11, 0(21); SAVE(11, 61)
    /* stdat/stwat */
#define STDAT(fc, slot) std 4, 0(21); stdat 7, 21, fc; ld 11, 0(21); SAVE(11, slot)
    STDAT(0, 62)
    STDAT(1, 63)
    STDAT(2, 64)
    STDAT(3, 65)
    STDAT(4, 66)
    STDAT(5, 67)
    STDAT(6, 68)
    STDAT(7, 69)
    ld 6, WVALS(0); ld 7, WVALS+8(0)
    std 6, 0(22); std 4, 8(22)
    stwat 7, 22, 7; ld 11, 0(22); SAVE(11, 70)
    stwat 5, 22, 24; ld 11, 0(22); SAVE(11, 71)   /* store twin: words differ, nothing stored */
    std 4, 0(21); std 4, 8(21)
    stdat 6, 21, 24; ld 11, 0(21); SAVE(11, 72); ld 11, 8(21); SAVE(11, 73)
    /* dcbz zeroes the 128-byte block; the hints and barriers change nothing */
    li 15, BLK+77
    dcbz 0, 15
    li 12, 0
    dcbt 0, 15
    dcbtst 0, 15
    dcbf 0, 15
    dcbst 0, 15
    icbi 0, 15
    sync
    lwsync
    ptesync
    eieio
    ld 11, BLK(0); SAVE(11, 74)
    ld 11, BLK+120(0); SAVE(11, 75)
    DUMP(76 * 8)
    EXIT(0)
