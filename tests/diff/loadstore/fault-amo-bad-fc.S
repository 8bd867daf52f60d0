// lwat with an undefined function code invokes the data storage error handler: SIGSEGV.
// cpus: power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    .balign 16
D:  .quad 0x1122334455667788, 0x99aabbccddeeff00
_start:
    li 10, D
    .long 0x7c8a4c8c    /* lwat 4,10,9 */
    EXIT(0)
