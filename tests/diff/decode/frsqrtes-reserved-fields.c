// cpus: power8 power9 power10
// isa-exception: Book I 1.3.3 (Reserved Fields): "Reserved fields in instructions are ignored by the processor"; frsqrtes has FRA and FRC as reserved fields (bits 11:15, 21:25), and qemu 7.2's decode table raises SIGILL when they are nonzero
/* 0xed2771b4 is frsqrtes f9,f14 with FRA=7 and FRC=6 (issue 16 item 5, seed 364). The bits of
 * an estimate are the implementation's, so the program prints only that 1/sqrt(4) came out
 * within 1/32 of 0.5 (the original PowerPC frsqrte bound, the loosest the ISA has had). */
#include "sigill.h"

static double in = 4.0, out;

static void run(void) {
    __asm__ volatile("lfd 14,0(%[in])\n\t"
                     ".long 0xed2771b4\n\t" /* frsqrtes f9,f14 with FRA=7, FRC=6 */
                     "stfd 9,0(%[out])"
                     : : [in] "b"(&in), [out] "b"(&out) : "fr9", "fr14", "memory");
}

int main(void) {
    catch_sigill();
    if (TRY(run())) {
        double err = out > 0.5 ? out - 0.5 : 0.5 - out;
        printf("frsqrtes f9,f14 (FRA=7,FRC=6): estimate of 0.5 %s\n", err <= 0.5 / 32 ? "within 1/32" : "out of bounds");
    } else {
        printf("frsqrtes f9,f14 (FRA=7,FRC=6): SIGILL\n");
    }
    return 0;
}
