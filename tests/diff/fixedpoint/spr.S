// Problem-state SPRs: XER (architected bits), LR, CTR, TAR with bctar, the PPR priority hints,
// the 2.07 no-op SPRs, and a time base that does not run backwards.
// cpus: power8 power9 power10
#include "fxtest.h"
    .irp x, 0, XER_SO, XER_OV, XER_CA, 0xe00c007f, 0x000c0000, 0x15
    T(\x, 0, mtxer 4 ; mfxer 3)
    T(\x, 0, mtspr 1,4 ; mfspr 3,1)
    .endr
    T(0x123456789abcdef0, 0, mtlr 4 ; mflr 3 ; mtlr 29)
    T(0x123456789abcdef0, 0, mtctr 4 ; mfctr 3)
    T(0x123456789abcdef0, 0, mtspr 815,4 ; mfspr 3,815)
    T(0, 0, li 3,1 ; lis 7,1f@ha ; addi 7,7,1f@l ; mtspr 815,7 ; li 3,2 ; bctar 20,0 ; li 3,3 ; 1: nop)
    T(0, 0, li 3,1 ; lis 7,1f@ha ; addi 7,7,1f@l ; mtspr 815,7 ; li 0,2 ; mtctr 0 ; bctar 16,0 ; li 3,3 ; 1: mfctr 7 ; add 3,3,7)
    T(0, 0, or 1,1,1 ; mfspr 3,896)
    T(0, 0, or 6,6,6 ; mfspr 3,896)
    T(0, 0, or 2,2,2 ; mfspr 3,896)
    T(0, 0, or 31,31,31 ; or 2,2,2 ; or 3,3,3 ; mfspr 3,896)
    T(0, 0, li 3,5 ; mfspr 3,808 ; mtspr 809,3 ; mfspr 3,810)
    T(0, 0, mftb 7 ; mfspr 8,268 ; mftb 9 ; subf 3,7,9 ; sradi 3,3,63 ; subf 7,7,8 ; sradi 7,7,63 ; or 3,3,7)
    mtlr 29
    blr
