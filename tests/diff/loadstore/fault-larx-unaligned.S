// lwarx of an unaligned word is an alignment interrupt: SIGBUS.
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    lwarx 4, 10, 0
    li 3, 2
    lwarx 4, 10, 3
    EXIT(0)
