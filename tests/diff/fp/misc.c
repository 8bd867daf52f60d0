// cpus: power9 power10
// isa-exception: Book I 4.6.8, 4.6.5.1, 7.6: fcmpo of a NaN sets FPCC only, qemu 7.2 also sets FPRF[C]; fre/fres of a zero give an infinity (qemu returns a half); xsredp/xsrsqrtedp of a zero set ZX, which qemu omits
/* Tests, estimates, selects and moves: ftdiv, ftsqrt, fcmpu/fcmpo (CR and FPCC), fsel, fre[s],
 * frsqrte[s], fcpsgn, fmrgew/fmrgow, xststdc{dp,sp}, xvtstdc{dp,sp}, xscmpexpdp, xscmp{u,o}dp,
 * xstdivdp, xstsqrtdp, xvtdiv{dp,sp}, xvtsqrt{dp,sp}, xsxexpdp, xsxsigdp, xsiexpdp, xviexp{dp,sp},
 * xvxexpsp, xvxsigdp, xsredp, xsrsqrtedp; and the FP loads/stores lfs/stfs (denormals and
 * signalling NaNs), lfsu/stfdu, lfiwax/lfiwzx/stfiwx, lfdp/stfdp. FR masked (see fr.c). */
#include "fptest.h"

typedef __vector unsigned long long v2;

static const uint64_t V[] = {
    0x0000000000000000ULL, 0x8000000000000000ULL, 0x3FF0000000000000ULL, 0xC008000000000000ULL,
    0x3FB999999999999AULL, 0x7FEFFFFFFFFFFFFFULL, 0x0000000000000001ULL, 0x7FF0000000000000ULL,
    0x7FF8000000000001ULL, 0x7FF0000000000002ULL, 0x36A0000000000000ULL, 0x0010000000000000ULL,
    0xFFF0000000000000ULL, 0x3810000000000000ULL, 0x7FD0000000000000ULL, 0x0350000000000000ULL,
};
#define N (sizeof V / sizeof V[0])

static unsigned get_cr(void) {
    unsigned long cr;
    __asm__ volatile("mfcr %0" : "=r"(cr));
    return (unsigned)(cr >> 20) & 0xFFF; /* CR0-CR2 */
}

static v2 dd(uint64_t d0, uint64_t d1) { return (v2){d1, d0}; }

static void out(const char *op, int i, int j, uint64_t a, uint64_t b) {
    printf("%.*s %d %d %016llx %016llx %08llx %03x\n", (int)strcspn(op, " "), op, i, j, (unsigned long long)a, (unsigned long long)b,
           (unsigned long long)(get_fpscr() & 0xFFFBFFFFULL), get_cr());
}

#define F2(insn, i, j)                                                                   \
    do {                                                                                 \
        double t;                                                                        \
        set_fpscr(0);                                                                    \
        __asm__ volatile(insn : "=d"(t) : "d"(d_of(V[i])), "d"(d_of(V[j])) : "cr0", "cr1", "cr2"); \
        out(insn, i, j, bits_of(t), 0);                                                  \
    } while (0)
#define X2(insn, i, j)                                                                   \
    do {                                                                                 \
        v2 t;                                                                            \
        set_fpscr(0);                                                                    \
        __asm__ volatile(insn : "=wa"(t) : "wa"(dd(V[i], V[j])), "wa"(dd(V[j], V[(i + 3) % N])) : "cr0", "cr1", "cr2"); \
        out(insn, i, j, t[1], t[0]);                                                     \
    } while (0)
#define XS(insn, i, j)                                                                   \
    do {                                                                                 \
        v2 t;                                                                            \
        v2 a = dd(V[i] >> 32 | V[j] << 32, V[j] >> 29), b = dd(V[j] >> 32 | V[i] << 32, V[i] >> 29); \
        set_fpscr(0);                                                                    \
        __asm__ volatile(insn : "=wa"(t) : "wa"(a), "wa"(b) : "cr0", "cr1", "cr2");     \
        out(insn, i, j, t[1], t[0]);                                                     \
    } while (0)

int main(void) {
    __asm__ volatile("mtcrf 0xff,%0" : : "r"(0UL)); /* CR starts at zero: startup code leaves environment-dependent bits */
    for (unsigned i = 0; i < N; i++) {
        for (unsigned j = 0; j < N; j++) {
            F2("ftdiv 1,%1,%2\n\tfmr %0,%1", i, j);
            F2("fcmpu 2,%1,%2\n\tfmr %0,%2", i, j);
            F2("fcmpo 0,%1,%2\n\tfmr %0,%2", i, j);
            F2("fsel %0,%1,%2,%1", i, j);
            F2("fcpsgn %0,%1,%2", i, j);
            F2("fmrgew %0,%1,%2", i, j);
            F2("fmrgow %0,%1,%2", i, j);
            X2("xscmpexpdp 1,%x1,%x2\n\txxlor %x0,%x1,%x1", i, j);
            X2("xscmpudp 2,%x1,%x2\n\txxlor %x0,%x1,%x1", i, j);
            X2("xscmpodp 0,%x1,%x2\n\txxlor %x0,%x1,%x1", i, j);
            X2("xstdivdp 1,%x1,%x2\n\txxlor %x0,%x1,%x1", i, j);
            X2("xvtdivdp 2,%x1,%x2\n\txxlor %x0,%x1,%x1", i, j);
            XS("xvtdivsp 0,%x1,%x2\n\txxlor %x0,%x1,%x1", i, j);
            X2("xviexpdp %x0,%x1,%x2", i, j);
            XS("xviexpsp %x0,%x1,%x2", i, j);
        }
        F2("ftsqrt 1,%2\n\tfmr %0,%1", i, 0);
        F2("fre %0,%1", i, 0);
        F2("fres %0,%1", i, 0);
        F2("frsqrte %0,%1", i, 0);
        F2("frsqrtes %0,%1", i, 0);
        X2("xstsqrtdp 1,%x1\n\txxlor %x0,%x2,%x2", i, 0);
        X2("xvtsqrtdp 2,%x1\n\txxlor %x0,%x2,%x2", i, 1);
        XS("xvtsqrtsp 0,%x1\n\txxlor %x0,%x2,%x2", i, 1);
        X2("xststdcdp 1,%x1,0x7f\n\txxlor %x0,%x2,%x2", i, 0);
        X2("xststdcdp 2,%x1,0x41\n\txxlor %x0,%x2,%x2", i, 0);
        X2("xststdcsp 0,%x1,0x03\n\txxlor %x0,%x2,%x2", i, 0);
        X2("xvtstdcdp %x0,%x1,0x55", i, 3);
        XS("xvtstdcsp %x0,%x1,0x2b", i, 3);
        X2("xsredp %x0,%x1", i, 0);
        X2("xsrsqrtedp %x0,%x1", i, 0);
        X2("xvxsigdp %x0,%x1", i, 2);
        XS("xvxexpsp %x0,%x1", i, 2);
        {
            unsigned long e, s;
            __asm__ volatile("xsxexpdp %0,%x1" : "=r"(e) : "wa"(dd(V[i], 0)));
            __asm__ volatile("xsxsigdp %0,%x1" : "=r"(s) : "wa"(dd(V[i], 0)));
            v2 t;
            __asm__ volatile("xsiexpdp %x0,%1,%2" : "=wa"(t) : "r"(V[i]), "r"(V[(i + 5) % N] >> 52));
            printf("xsxexp/xsxsig/xsiexp %u %lx %lx %016llx %016llx\n", i, e, s, (unsigned long long)t[1],
                   (unsigned long long)t[0]);
        }
    }
    /* loads and stores */
    static uint32_t words[8] = {0x00000001, 0x807FFFFF, 0x7F800001, 0xFFC00000, 0x3F800000, 0x00400000, 0, 0};
    static uint64_t dw[4] __attribute__((aligned(16))) = {0x0123456789ABCDEFULL, 0xFEDCBA9876543210ULL};
    for (int k = 0; k < 6; k++) {
        double d;
        uint32_t back;
        __asm__ volatile("lfs %0,0(%1)" : "=d"(d) : "b"(&words[k]));
        __asm__ volatile("stfs %1,0(%0)" : : "b"(&back), "d"(d) : "memory");
        double a, z;
        __asm__ volatile("lfiwax %0,0,%1" : "=d"(a) : "r"(&words[k]));
        __asm__ volatile("lfiwzx %0,0,%1" : "=d"(z) : "r"(&words[k]));
        printf("lfs %08x -> %016llx -> %08x  lfiwax %016llx lfiwzx %016llx\n", words[k],
               (unsigned long long)bits_of(d), back, (unsigned long long)bits_of(a), (unsigned long long)bits_of(z));
    }
    {
        /* stfs of doubles outside single range: SINGLE() truncates without rounding */
        static const uint64_t src[] = {0x3FB999999999999AULL, 0x47F0000000000000ULL, 0x3690000000000000ULL,
                                       0x36A8000000000000ULL, 0x7FF0000000000123ULL};
        for (int k = 0; k < 5; k++) {
            uint32_t w;
            __asm__ volatile("stfs %1,0(%0)" : : "b"(&w), "d"(d_of(src[k])) : "memory");
            uint32_t iw;
            __asm__ volatile("stfiwx %1,0,%0" : : "r"(&iw), "d"(d_of(src[k])) : "memory");
            printf("stfs %016llx -> %08x stfiwx %08x\n", (unsigned long long)src[k], w, iw);
        }
    }
    {
        uint64_t r10, r11;
        __asm__ volatile("lfdp 10,0(%2)\n\tmfvsrd %0,10\n\tmfvsrd %1,11" : "=r"(r10), "=r"(r11) : "b"(dw) : "fr10", "fr11", "memory");
        printf("lfdp %016llx %016llx\n", (unsigned long long)r10, (unsigned long long)r11);
        __asm__ volatile("lfdp 10,0(%0)\n\tstfdp 10,16(%0)" : : "b"(dw) : "fr10", "fr11", "memory");
        printf("stfdp %016llx %016llx\n", (unsigned long long)dw[2], (unsigned long long)dw[3]);
        double *p = (double *)&dw[0], *q;
        double d;
        __asm__ volatile("lfdu %0,8(%1)" : "=d"(d), "=b"(q) : "1"(p));
        printf("lfdu %016llx moved %ld\n", (unsigned long long)bits_of(d), (long)((char *)q - (char *)p));
    }
    return 0;
}
