// Word and doubleword traps whose conditions are false (only the low words count for tw/twi),
// then an unconditional trap: the process dies of SIGTRAP after printing.
// cpus: power8 power9 power10
#include "fxtest.h"
    T(1, 0, tw 16,4,5 ; li 3,1)
    T(0, 1, tw 8,4,5 ; li 3,2)
    T(1, 2, tw 4,4,5 ; li 3,3)
    T(-1, 1, tw 2,4,5 ; li 3,4)
    T(1, -1, tw 1,4,5 ; li 3,5)
    T(0x100000000, 1, tw 8,4,5 ; li 3,6)
    T(0x500000000, 0, twi 4,4,5 ; li 3,7)
    T(0x100000001, 0, twi 16,4,0 ; li 3,8)
    T(0x80000000, 0, twi 1,4,-1 ; li 3,9)
    T(0, 0, tw 0,4,4 ; li 3,10)
    FLUSH
    tw 31,0,0
    mtlr 29
    blr
