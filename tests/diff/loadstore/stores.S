// Every fixed-point store form (Book I 3.3.3, 3.3.5), unaligned and across a page boundary.
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    PATTERN
    .balign 8
VALS: .quad 0x0123456789abcdef, 0xfedcba9876543210, 0x8899aabbccddeeff
RES: .space 16
TXT: .space 1200

_start:
    li 10, PAT
    li 20, RES
    ld 4, VALS(0)
    ld 5, VALS+8(0)
    ld 6, VALS+16(0)
    stb 4, 0(10)
    sth 5, 2(10)
    stw 6, 5(10)
    std 4, 20(10)       /* crosses the page at PAT+24 */
    li 12, 9
    stbx 5, 10, 12
    li 12, 10
    sthx 6, 10, 12
    li 12, 13
    stwx 4, 10, 12
    li 12, 29
    stdx 5, 10, 12
    li 12, 38
    sthbrx 4, 10, 12
    li 12, 40
    stwbrx 5, 10, 12
    li 12, 17
    stdbrx 6, 10, 12
    /* update forms, including RS = RA (the old RA is stored) */
    li 13, PAT
    stbu 4, 44(13)
    std 13, 0(20)
    li 14, PAT
    sthu 14, 45(14)
    li 15, PAT
    stwu 6, 33(15)
    li 12, 2
    stdux 15, 15, 12
    std 15, 8(20)
    li 16, PAT
    li 12, 47
    stbux 5, 16, 12
    li 12, -1
    sthux 4, 16, 12
    li 12, -5
    stwux 16, 16, 12
    li 20, PAT
    stdu 6, 0(20)
    /* DUMP reads RES and uses r3-r9: copy PAT (48 bytes) there 16 bytes at a time through r21-r26 */
    li 9, RES
    DUMP(16)
    li 20, PAT
    ld 21, 0(20); ld 22, 8(20); ld 23, 16(20); ld 24, 24(20); ld 25, 32(20); ld 26, 40(20)
    li 9, RES
    std 21, 0(9); std 22, 8(9)
    DUMP(16)
    li 9, RES
    std 23, 0(9); std 24, 8(9)
    DUMP(16)
    li 9, RES
    std 25, 0(9); std 26, 8(9)
    DUMP(16)
    li 3, 0
    lhz 3, PAT+46(0)
    li 0, 234
    sc
