// mtspr to an undefined, unprivileged SPR number: an illegal instruction, SIGILL.
// cpus: power8 power9 power10
#include "fxtest.h"
    T(0, 0, li 3,1)
    FLUSH
    mtspr 1000,3
    T(0, 0, li 3,2)
    mtlr 29
    blr
