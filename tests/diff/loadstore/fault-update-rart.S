// ldu with RA=RT is an invalid form: SIGILL.
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    .long 0xe94a0009    /* ldu 10,8(10) */
    EXIT(0)
