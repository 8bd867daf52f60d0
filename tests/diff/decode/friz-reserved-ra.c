// cpus: power8 power9 power10
// isa-exception: Book I 1.3.3 (Reserved Fields): "Reserved fields in instructions are ignored by the processor"; friz. has RA as a reserved field (bits 11:15), and qemu 7.2's decode table raises SIGILL when it is nonzero
/* 0xfd2a0b51 is friz. f9,f1 with RA=10 (issue 16 item 5, random-instruction seed 193). It
 * rounds f1 toward zero to an integer and sets CR1 from FPSCR[FX,FEX,VX,OX]. */
#include "sigill.h"

static double in = -2.75, out;
static uint32_t cr;

static void run(void) {
    __asm__ volatile("lfd 1,0(%[in])\n\t"
                     ".long 0xfd2a0b51\n\t" /* friz. f9,f1 with RA=10 */
                     "stfd 9,0(%[out])\n\t"
                     "mfcr %[cr]"
                     : [cr] "=r"(cr) : [in] "b"(&in), [out] "b"(&out) : "fr1", "fr9", "cr1", "memory");
}

int main(void) {
    catch_sigill();
    if (TRY(run())) printf("friz. f9,f1 (RA=10): f9=%016llx CR1=%x\n", (unsigned long long)bits_of(out), (cr >> 24) & 0xf);
    else printf("friz. f9,f1 (RA=10): SIGILL\n");
    return 0;
}
