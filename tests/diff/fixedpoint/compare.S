// Compares into several CR fields (with SO set to see it copied), isel, CR logical, mcrf,
// mtcrf/mtocrf/mfocrf, mcrxr, and conditional branches on CR bits and CTR.
// cpus: power8 power9 power10
#include "fxtest.h"
    PAIRS(cmpd 4,5 ; li 3,0)
    PAIRS(cmpw 7,4,5 ; li 3,0)
    PAIRS(cmpld 1,4,5 ; li 3,0)
    PAIRS(cmplw 4,4,5 ; li 3,0)
    .irp a, VALUES
    TX(XER_SO, \a, 0, 0, cmpdi 3,4,-1)
    TX(XER_SO, \a, 0, 0, cmpwi 2,4,0)
    T(\a, 0, cmpwi 4,-32768)
    T(\a, 0, cmpldi 6,4,0xffff)
    T(\a, 0, cmplwi 5,4,1)
    T(\a, 0, cmpdi 4,1 ; isel 3,4,5,1)
    T(\a, 0, cmpdi 4,1 ; isel 3,0,5,0)
    T(\a, 0, cmpdi 4,1 ; isel 3,4,5,2)
    T(\a, 0, mtcrf 0xff,4 ; mfcr 3)
    T(\a, 0, mtcrf 0x5a,4 ; mfcr 3)
    T(\a, 0, mtocrf 0x10,4 ; mfocrf 3,0x10)
    T(\a, 0, mtocrf 0x01,4 ; mfocrf 3,0x80)
    T(\a, 0, mtcrf 0xff,4 ; crand 0,1,2 ; crorc 31,5,6 ; crnor 8,9,10 ; crxor 11,12,11 ; creqv 13,14,15 ; crnand 16,17,30 ; crandc 18,19,20 ; cror 21,22,23)
    T(\a, 0, mtcrf 0xff,4 ; mcrf 0,7 ; mcrf 5,2)
    .endr
    TX(XER_SO|XER_CA, 0, 0, 0, mcrxr 3)
    TX(XER_OV, 0, 0, 0, mcrxr 0 ; mfxer 3)
    /* branches: r3 counts the taken paths */
    .irp a, VALUES
    T(\a, 0, li 3,0 ; cmpdi 4,0 ; blt 1f ; ori 3,3,1 ; 1: bgt 2f ; ori 3,3,2 ; 2: bne 3f ; ori 3,3,4 ; 3: bso 4f ; ori 3,3,8 ; 4: nop)
    T(\a, 0, li 3,0 ; cmpwi 6,4,0 ; bge 6,1f ; ori 3,3,1 ; 1: ble 6,2f ; ori 3,3,2 ; 2: beq 6,3f ; ori 3,3,4 ; 3: nop)
    .endr
    /* CTR loops: bdnz, bdz, bdnzt, bdzf, bcctr, bclr with CTR */
    .irp n, 1, 2, 5
    T(\n, 0, li 3,0 ; mtctr 4 ; 1: addi 3,3,1 ; bdnz 1b)
    T(\n, 0, li 3,0 ; mtctr 4 ; 1: addi 3,3,1 ; bdz 2f ; b 1b ; 2: mfctr 7 ; add 3,3,7)
    T(\n, 0, li 3,0 ; mtctr 4 ; cmpdi 4,2 ; 1: addi 3,3,1 ; bdnzf 2,1b ; mfctr 7 ; sldi 7,7,8 ; or 3,3,7)
    T(\n, 0, li 3,0 ; mtctr 4 ; cmpdi 4,2 ; 1: addi 3,3,1 ; bdnzt 2,1b ; mfctr 7 ; sldi 7,7,8 ; or 3,3,7)
    .endr
    T(0, 0, li 3,7 ; bl 1f ; li 3,8 ; b 2f ; 1: mflr 7 ; addi 7,7,4 ; mtlr 7 ; blr ; 2: nop)
    T(0, 0, li 3,7 ; bl 1f ; b 2f ; 1: mflr 7 ; mtctr 7 ; li 3,9 ; bctr ; 2: nop)
    T(0, 0, bcl 20,31,1f ; 1: mflr 3 ; bl 2f ; 2: mflr 7 ; subf 3,3,7)
    mtlr 29
    blr
