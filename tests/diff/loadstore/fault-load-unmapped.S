// A load from an unmapped page is SIGSEGV (data storage interrupt).
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    li 3, 0x10
    ld 4, 0(3)
    EXIT(0)
