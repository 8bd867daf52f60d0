// Add/subtract family: every operand pair through each XO-form with OE=1 Rc=1 (and plain forms),
// with XER[CA] clear and set, plus the immediate forms. Prints RT, XER (SO OV CA OV32 CA32), CR.
// cpus: power8 power9 power10
#include "fxtest.h"
    PAIRS(add 3,4,5)
    PAIRS(addo. 3,4,5)
    PAIRS(addc 3,4,5)
    PAIRS(addco. 3,4,5)
    PAIRS(subf. 3,4,5)
    PAIRS(subfo 3,4,5)
    PAIRS(subfco. 3,4,5)
    PAIRS(subfc 3,4,5)
    PAIRS(addeo. 3,4,5)
    PAIRS(subfeo. 3,4,5)
    .irp a, VALUES ; .irp b, VALUES ; TX(XER_CA, \a, \b, 0, addeo. 3,4,5) ; .endr ; .endr
    .irp a, VALUES ; .irp b, VALUES ; TX(XER_CA, \a, \b, 0, subfeo. 3,4,5) ; .endr ; .endr
    .irp a, VALUES ; .irp b, VALUES ; TX(XER_CA, \a, \b, 0, adde 3,4,5) ; .endr ; .endr
    .irp x, 0, XER_CA, XER_SO, XER_SO|XER_OV|XER_CA
    .irp a, VALUES
    TX(\x, \a, 0, 0, addmeo. 3,4)
    TX(\x, \a, 0, 0, addzeo. 3,4)
    TX(\x, \a, 0, 0, subfmeo. 3,4)
    TX(\x, \a, 0, 0, subfzeo. 3,4)
    TX(\x, \a, 0, 0, nego. 3,4)
    TX(\x, \a, 0, 0, neg 3,4)
    TX(\x, \a, 0, 0, addme 3,4)
    TX(\x, \a, 0, 0, subfze. 3,4)
    TX(\x, \a, 0, 0, add. 3,4,4)
    .endr
    .endr
    .irp a, VALUES
    .irp i, 0, 1, -1, 32767, -32768, 0x7fff, 2
    T(\a, 0, addi 3,4,\i)
    T(\a, 0, addis 3,4,\i)
    T(\a, 0, addic 3,4,\i)
    T(\a, 0, addic. 3,4,\i)
    T(\a, 0, subfic 3,4,\i)
    T(\a, 0, mulli 3,4,\i)
    .endr
    T(\a, 0, addi 3,0,-5)
    T(\a, 0, addis 3,0,-5)
    TX(XER_SO, \a, 0, 0, addic. 3,4,-1)
    .endr
    mtlr 29
    blr
