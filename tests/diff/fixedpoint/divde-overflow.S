// divdeo.: quotients that fit in 64 bits unsigned but not signed overflow (OV=1, OV32=1, SO=1),
// which qemu-ppc64le 7.2 misses; RT is undefined there and jpseries returns qemu's value.
// isa-exception: Book I 3.3.10 (divde): "if the quotient cannot be represented in 64 bits" OV is set; qemu only checks |RA| < |RB|
// cpus: power8 power9 power10
#include "fxtest.h"
    PAIRS(divdeo. 3,4,5)
    PAIRS(divdeo 3,4,5)
    mtlr 29
    blr
