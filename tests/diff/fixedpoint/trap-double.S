// Doubleword traps whose conditions are false, then one whose unsigned less-than holds.
// cpus: power8 power9 power10
#include "fxtest.h"
    T(0x100000000, 1, td 16,4,5 ; li 3,1)
    T(1, 0x100000000, td 8,4,5 ; li 3,2)
    T(0x100000001, 1, td 4,4,5 ; li 3,3)
    T(-1, 1, td 2,4,5 ; li 3,4)
    T(1, -1, td 1,4,5 ; li 3,5)
    T(0x500000000, 0, tdi 4,4,5 ; li 3,6)
    T(-5, 0, tdi 8,4,-4 ; li 3,7)
    T(-5, 0, tdi 1,4,-4 ; li 3,8)
    FLUSH
    T(1, -1, td 2,4,5 ; li 3,9)
    mtlr 29
    blr
