// Rotates (including masks that wrap, MB > ME) and shifts by amounts at and beyond the width,
// with the CA/CA32 results of the algebraic shifts.
// cpus: power8 power9 power10
#include "fxtest.h"
    SHIFTED(slw. 3,4,5)
    SHIFTED(srw. 3,4,5)
    SHIFTED(sraw. 3,4,5)
    SHIFTED(sld. 3,4,5)
    SHIFTED(srd. 3,4,5)
    SHIFTED(srad. 3,4,5)
    SHIFTED(rlwnm. 3,4,5,0,31)
    SHIFTED(rlwnm 3,4,5,24,7)
    SHIFTED(rldcl. 3,4,5,0)
    SHIFTED(rldcl 3,4,5,17)
    SHIFTED(rldcr. 3,4,5,63)
    SHIFTED(rldcr 3,4,5,40)
    .irp a, VALUES
    .irp sh, 0, 1, 4, 16, 31
    T(\a, 0, rlwinm. 3,4,\sh,0,31)
    T(\a, 0, rlwinm 3,4,\sh,16,31)
    T(\a, 0, rlwinm 3,4,\sh,31,0)
    T(\a, 0, rlwinm. 3,4,\sh,28,3)
    T(\a, 0, rlwinm 3,4,\sh,5,5)
    T(\a, 0, rlwimi 3,4,\sh,8,23)
    T(\a, 0, rlwimi. 3,4,\sh,24,7)
    T(\a, 0, srawi. 3,4,\sh)
    .endr
    .irp sh, 0, 1, 8, 31, 32, 33, 63
    T(\a, 0, rldicl. 3,4,\sh,0)
    T(\a, 0, rldicl 3,4,\sh,48)
    T(\a, 0, rldicr. 3,4,\sh,63)
    T(\a, 0, rldicr 3,4,\sh,7)
    T(\a, 0, rldic. 3,4,\sh,12)
    T(\a, 0, rldic 3,4,\sh,60)
    T(\a, 0, rldimi 3,4,\sh,16)
    T(\a, 0, rldimi. 3,4,\sh,62)
    T(\a, 0, sradi. 3,4,\sh)
    .endr
    .endr
    mtlr 29
    blr
