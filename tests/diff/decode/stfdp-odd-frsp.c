// cpus: power8 power9 power10
// isa-exception: Book I 1.8.2 and 4.6.3 (stfdp): "If FRSp is odd, the instruction form is invalid", whose execution either invokes the illegal instruction handler or yields boundedly undefined results; jpseries takes the first (SIGILL, as for lq with an odd RTp, which qemu also refuses), qemu 7.2 stores the odd-even pair FRS, FRS+1
/* 0xf577f7e0 is stfdp with FRSp=11 (odd), -2080(r23) (issue 16 item 5, seed 113). */
#include "sigill.h"

static double pair[2] = {1.5, -3.25};
static uint64_t buf[2];

static void run(void) {
    __asm__ volatile("lfd 11,0(%[pair])\n\t"
                     "lfd 12,8(%[pair])\n\t"
                     "addi 23,%[buf],2080\n\t"
                     ".long 0xf577f7e0\n\t" /* stfdp f11 (odd), -2080(r23) */
                     : : [pair] "b"(pair), [buf] "b"(buf) : "fr11", "fr12", "r23", "memory");
}

int main(void) {
    catch_sigill();
    if (TRY(run())) printf("stfdp FRSp=11: stored %016llx %016llx\n", (unsigned long long)buf[0], (unsigned long long)buf[1]);
    else printf("stfdp FRSp=11: SIGILL\n");
    return 0;
}
