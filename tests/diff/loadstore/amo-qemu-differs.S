// Atomic cases where qemu-ppc64le 7.2 departs from the PowerISA; jpseries must print the
// ISA's results (amo-qemu-differs.expected):
//  1. stqcx. after lqarx of the same quadword, nothing in between, must store (Book II 4.4.2);
//     qemu 7.2 always fails it.
//  2. ldat Fetch and Increment Bounded with equal elements returns 0x8000_0000_0000_0000
//     (Book II 4.5.1); qemu returns a sign-extended 32-bit 0x8000_0000 (C "1 << 63" on an int).
//  3. lwat/stwat signed maximum/minimum compare words (RT+1 / RS bits 32:63, Book II 4.5);
//     qemu compares the zero-extended memory word with the whole 64-bit register.
// cpus: power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
// isa-exception: Book II 4.4.2 and 4.5: qemu-ppc64le 7.2 fails every stqcx. and mis-sizes word AMO operands
#include "lsdiff.inc"
    .balign 16
M:  .quad 0x1111111111111111, 0x2222222222222222, 7, 7
VALS: .quad 0x0123456789abcdef, 0xfedcba9876543210, 0x00000000fffffff0, 0x8000000000000005
RES: .space 128
TXT: .space 300

_start:
    li 20, RES
    li 10, M
    li 12, 0
    ld 4, VALS(0)
    ld 5, VALS+8(0)
    lqarx 6, 10, 12
    stqcx. 4, 10, 12
    ld 11, 0(10); std 11, 0(20)
    ld 11, 8(10); std 11, 8(20)
    /* 2: elements equal (7, 7) */
    li 21, M+16
    ldat 24, 21, 24
    std 24, 16(20)
    ld 11, 0(21); std 11, 24(20)
    /* 3: lwat signed max/min with a negative memory word and a register with high bits */
    li 22, M
    ld 6, VALS+16(0)
    ld 25, VALS+24(0)
    std 6, 0(22)
    lwat 24, 22, 5
    std 24, 32(20)
    ld 11, 0(22); std 11, 40(20)
    std 6, 0(22)
    lwat 24, 22, 7
    ld 11, 0(22); std 11, 48(20)
    std 4, 0(22)
    stwat 25, 22, 7
    ld 11, 0(22); std 11, 56(20)
    DUMP(64)
    EXIT(0)
