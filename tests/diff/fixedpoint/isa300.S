// ISA 3.0 fixed-point additions: modulo, multiply-add, addex, cmprb, cmpeqb, setb, cnttz,
// extswsli, mcrxrx, the CA32/OV32 bits, and addpcis.
// cpus: power9 power10
#include "fxtest.h"
    PAIRS(modsw 3,4,5)
    PAIRS(moduw 3,4,5)
    PAIRS(modsd 3,4,5)
    PAIRS(modud 3,4,5)
    PAIRS(addex 3,4,5,0)
    .irp a, VALUES ; .irp b, VALUES ; TX(XER_OV|XER_SO, \a, \b, 0, addex 3,4,5,0) ; .endr ; .endr
    .irp a, VALUES ; .irp b, VALUES
    TX(0, \a, \b, 3, maddld 3,4,5,6)
    TX(0, \a, \b, -7, maddhd 3,4,5,6)
    TX(0, \a, \b, 0xffffffffffffffff, maddhdu 3,4,5,6)
    TX(0, \a, \b, \a, maddhd 3,4,5,6)
    TX(0, \a, \b, \b, maddhdu 3,4,5,6)
    .endr ; .endr
    PAIRS(cmprb 3,0,4,5 ; li 3,0)
    PAIRS(cmprb 5,1,4,5 ; li 3,0)
    PAIRS(cmpeqb 1,4,5 ; li 3,0)
    T(0x41, 0x5a41, cmprb 0,0,4,5 ; setb 3,0)
    T(0x3a, 0x3930, cmprb 0,0,4,5 ; setb 3,0)
    T(0x63, 0x7a613930, cmprb 0,1,4,5 ; setb 3,0)
    T(0x37, 0x0102030405063708, cmpeqb 7,4,5 ; setb 3,7)
    .irp a, VALUES
    T(\a, 0, cmpdi 4,0 ; setb 3,0)
    T(\a, 0, cmpwi 3,4,0 ; setb 3,3)
    T(\a, 0, cnttzw. 3,4)
    T(\a, 0, cnttzd. 3,4)
    .irp sh, 0, 1, 31, 32, 63
    T(\a, 0, extswsli. 3,4,\sh)
    .endr
    .irp b, VALUES
    T(\a, \b, addc 7,4,5 ; mcrxrx 2 ; li 3,0)
    T(\a, \b, subfo 7,4,5 ; mcrxrx 6 ; li 3,0)
    .endr
    T(\a, 5, sraw 7,4,5 ; mcrxrx 0 ; li 3,0)
    .endr
    /* addpcis: the result less the address of the next instruction */
    T(0, 0, bl 1f ; 1: mflr 7 ; addpcis 3,0 ; subf 3,7,3)
    T(0, 0, bl 1f ; 1: mflr 7 ; addpcis 3,-3 ; subf 3,7,3)
    T(0, 0, bl 1f ; 1: mflr 7 ; addpcis 3,0x7fff ; subf 3,7,3)
    /* darn L=3 is reserved and returns the error value */
    T(0, 0, darn 3,3)
    mtlr 29
    blr
