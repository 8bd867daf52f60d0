// dcbz faults like a store: SIGSEGV on an unmapped block.
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    li 3, 0x100
    dcbz 0, 3
    EXIT(0)
