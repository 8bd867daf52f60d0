// ISA 3.1 fixed-point additions: byte reversal, centrifuge, parallel deposit/extract, counts
// under mask, the set-boolean-condition family and paddi (absolute and PC-relative).
// cpus: power10
#include "fxtest.h"
    PAIRS(cfuged 3,4,5)
    PAIRS(pdepd 3,4,5)
    PAIRS(pextd 3,4,5)
    PAIRS(cntlzdm 3,4,5)
    PAIRS(cnttzdm 3,4,5)
    .irp a, VALUES
    T(\a, 0, brd 3,4)
    T(\a, 0, brw 3,4)
    T(\a, 0, brh 3,4)
    T(\a, 0, cmpdi 4,0 ; setbc 3,0)
    T(\a, 0, cmpdi 4,0 ; setbcr 3,1)
    T(\a, 0, cmpdi 4,0 ; setnbc 3,2)
    T(\a, 0, cmpdi 4,0 ; setnbcr 3,2)
    T(\a, 0, paddi 3,4,-8589934592)
    T(\a, 0, paddi 3,4,8589934591)
    T(\a, 0, paddi 3,0,-1)
    .endr
    T(0, 0, bl 1f ; 1: mflr 7 ; .balign 64 ; pnop ; paddi 3,0,100,1 ; subf 3,7,3)
    mtlr 29
    blr
