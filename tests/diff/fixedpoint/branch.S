// Branch forms with and without link: bclrl/bcctrl/bctarl (the target is read before LR is
// written), conditional returns, CTR-decrementing returns, and bcctr's test-and-decrement form.
// Addresses are printed relative to a label, never absolute.
// cpus: power8 power9 power10
#include "fxtest.h"
/* r7 = address of local label 9 (the anchor) */
#define ANCHOR bl 9f ; 9: mflr 7
    /* bclrl: jump to LR, LR = address after the bclrl */
    T(0, 0, ANCHOR ; addi 8,7,20 ; mtlr 8 ; blrl ; li 3,1 ; mflr 3 ; subf 3,7,3)
    /* bcctrl: CTR target; LR = next */
    T(0, 0, ANCHOR ; addi 8,7,24 ; mtctr 8 ; bctrl ; li 3,1 ; li 3,2 ; mflr 3 ; subf 3,7,3 ; mfctr 8 ; subf 8,7,8 ; sldi 8,8,16 ; or 3,3,8)
    /* bctarl */
    T(0, 0, ANCHOR ; addi 8,7,24 ; mtspr 815,8 ; bctarl 20,0 ; li 3,1 ; li 3,2 ; mflr 3 ; subf 3,7,3)
    /* conditional returns: beqlr taken / not taken */
    .irp a, 0, 1, -1
    T(\a, 0, ANCHOR ; addi 8,7,28 ; mtlr 8 ; li 3,0 ; cmpdi 4,0 ; beqlr ; ori 3,3,1 ; ori 3,3,2)
    T(\a, 0, ANCHOR ; addi 8,7,28 ; mtlr 8 ; li 3,0 ; cmpdi 4,0 ; bltlr ; ori 3,3,1 ; ori 3,3,2)
    T(\a, 0, ANCHOR ; addi 8,7,32 ; mtctr 8 ; li 3,0 ; cmpdi 4,0 ; bgtctr ; ori 3,3,1 ; li 8,0 ; ori 3,3,2)
    .endr
    /* bdnzlr / bdzlr with CTR 1 and 2 */
    .irp n, 1, 2
    T(\n, 0, ANCHOR ; addi 8,7,28 ; mtlr 8 ; mtctr 4 ; li 3,0 ; bdnzlr ; ori 3,3,1 ; mfctr 8 ; sldi 8,8,8 ; or 3,3,8)
    T(\n, 0, ANCHOR ; addi 8,7,28 ; mtlr 8 ; mtctr 4 ; li 3,0 ; bdzlr ; ori 3,3,1 ; mfctr 8 ; sldi 8,8,8 ; or 3,3,8)
    .endr
    /* bcctr with BO(2)=0: BO=16 decrements and branches to the old CTR when CTR != 0 */
    T(0, 0, ANCHOR ; addi 8,7,24 ; mtctr 8 ; li 3,0 ; .long 0x4e000420 ; li 3,1 ; mfctr 3 ; subf 3,7,3)
    /* BO=2 (the Linux count-cache flush form) falls through when CTR != 0, leaving CTR alone */
    T(0, 0, ANCHOR ; addi 8,7,24 ; mtctr 8 ; li 3,0 ; .long 0x4c400420 ; li 3,1 ; mfctr 8 ; subf 8,7,8 ; sldi 8,8,8 ; or 3,3,8)
    mtlr 29
    blr
