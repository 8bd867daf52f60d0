// cpus: power10
/* ISA 3.1 prefixed floating-point loads and stores (Book I 4.6.2/4.6.3): plfs, plfd, pstfs, pstfd
 * with 34-bit displacements, and the pc-relative forms (R=1). */
#include "fptest.h"

static uint32_t sw[4] = {0x00000001, 0xFF800001, 0x3F800000, 0};
static uint64_t dw[4] = {0x7FF0000000000001ULL, 0x0123456789ABCDEFULL, 0, 0};

int main(void) {
    double a, b, c;
    char *base = (char *)sw - 100000;
    __asm__ volatile("plfs %0,100000(%1)" : "=d"(a) : "b"(base));
    __asm__ volatile("plfs %0,100004(%1)" : "=d"(b) : "b"(base));
    __asm__ volatile("plfd %0,-8(%1)" : "=d"(c) : "b"((char *)&dw[1]));
    printf("plfs %016llx %016llx plfd %016llx\n", (unsigned long long)bits_of(a), (unsigned long long)bits_of(b),
           (unsigned long long)bits_of(c));
    __asm__ volatile("pstfs %0,100012(%1)" : : "d"(b), "b"(base) : "memory");
    __asm__ volatile("pstfd %0,16(%1)" : : "d"(c), "b"(dw) : "memory");
    printf("pstfs %08x pstfd %016llx\n", sw[3], (unsigned long long)dw[2]);
    /* pc-relative: load a constant placed right after the instruction sequence */
    double k;
    __asm__ volatile("plfd %0,12(0),1\n\tb 1f\n\t.long 0x54442d18, 0x400921fb\n1:" : "=d"(k));
    double s;
    __asm__ volatile("plfs %0,12(0),1\n\tb 1f\n\t.long 0x3fc00000\n1:" : "=d"(s));
    printf("pc-relative %016llx %016llx fpscr %08llx\n", (unsigned long long)bits_of(k), (unsigned long long)bits_of(s),
           (unsigned long long)get_fpscr());
    return 0;
}
