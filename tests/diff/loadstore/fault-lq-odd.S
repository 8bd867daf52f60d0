// lq with an odd RTp is an invalid form: SIGILL.
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    lq 4, 0(10)
    .long 0xe0aa0000    /* lq 5,0(10) */
    EXIT(0)
