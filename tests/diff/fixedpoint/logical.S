// Logical, sign extension, counting, population count, parity, cmpb and bpermd.
// cpus: power8 power9 power10
#include "fxtest.h"
    PAIRS(and. 3,4,5)
    PAIRS(or. 3,4,5)
    PAIRS(xor. 3,4,5)
    PAIRS(nand. 3,4,5)
    PAIRS(nor. 3,4,5)
    PAIRS(eqv. 3,4,5)
    PAIRS(andc. 3,4,5)
    PAIRS(orc. 3,4,5)
    PAIRS(cmpb 3,4,5)
    PAIRS(bpermd 3,4,5)
    PAIRS(and 3,4,5)
    .irp a, VALUES
    T(\a, 0, extsb. 3,4)
    T(\a, 0, extsh. 3,4)
    T(\a, 0, extsw. 3,4)
    T(\a, 0, extsw 3,4)
    T(\a, 0, cntlzw. 3,4)
    T(\a, 0, cntlzd. 3,4)
    T(\a, 0, popcntb 3,4)
    T(\a, 0, popcntw 3,4)
    T(\a, 0, popcntd 3,4)
    T(\a, 0, prtyw 3,4)
    T(\a, 0, prtyd 3,4)
    .irp i, 0, 1, 0x8000, 0xffff, 0x1234
    T(\a, 0, andi. 3,4,\i)
    T(\a, 0, andis. 3,4,\i)
    T(\a, 0, ori 3,4,\i)
    T(\a, 0, oris 3,4,\i)
    T(\a, 0, xori 3,4,\i)
    T(\a, 0, xoris 3,4,\i)
    .endr
    .endr
    /* bpermd with in-range and out-of-range indexes */
    T(0x00083f4020103801, 0x8001020304050607, bpermd 3,4,5)
    T(0xff3e3d3c3b3a3938, 0x5555aaaa5555aaaa, bpermd 3,4,5)
    /* the priority hints are ordinary or instructions */
    TX(0, 0, 0, 7, or 6,6,6 ; mr 3,6)
    TX(0, 0, 0, 9, or. 6,6,6 ; mr 3,6)
    mtlr 29
    blr
