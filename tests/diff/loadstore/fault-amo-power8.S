// lwat is ISA 3.0: illegal on POWER8 (SIGILL).
// cpus: power8
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    lwat 4, 10, 0
    EXIT(0)
