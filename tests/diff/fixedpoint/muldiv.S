// Multiply and divide: every operand pair, with OE=1 Rc=1, including division by zero and the
// overflowing quotients whose results the ISA leaves undefined (qemu's results are the reference).
// cpus: power8 power9 power10
#include "fxtest.h"
    PAIRS(mullw 3,4,5)
    PAIRS(mullwo. 3,4,5)
    PAIRS(mulhw. 3,4,5)
    PAIRS(mulhwu. 3,4,5)
    PAIRS(mulld 3,4,5)
    PAIRS(mulldo. 3,4,5)
    PAIRS(mulhd. 3,4,5)
    PAIRS(mulhdu. 3,4,5)
    PAIRS(divw 3,4,5)
    PAIRS(divwo. 3,4,5)
    PAIRS(divwuo. 3,4,5)
    PAIRS(divd. 3,4,5)
    PAIRS(divdo. 3,4,5)
    PAIRS(divduo. 3,4,5)
    PAIRS(divweo. 3,4,5)
    PAIRS(divweuo. 3,4,5)
    PAIRS(divde. 3,4,5)
    PAIRS(divdeuo. 3,4,5)
    PAIRS(divwe 3,4,5)
    PAIRS(divdeu. 3,4,5)
    mtlr 29
    blr
