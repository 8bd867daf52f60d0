// An update-form load with RA=0 is an invalid form: SIGILL, as qemu-ppc64le.
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    .long 0x8c800008    /* lbzu 4,8(0) */
    EXIT(0)
