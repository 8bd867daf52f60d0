// The smallest program: exit_group(42) with no libc.
// cpus: power8 power9 power10
    .abiversion 2
    .globl _start
_start:
    li 0,234
    li 3,42
    sc
