// mfspr of a privileged SPR (SRR0) in problem state: a program interrupt, SIGILL.
// cpus: power8 power9 power10
#include "fxtest.h"
    T(0, 0, li 3,1)
    FLUSH
    mfspr 3,26
    T(0, 0, li 3,2)
    mtlr 29
    blr
