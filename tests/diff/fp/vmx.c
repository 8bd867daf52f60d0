// cpus: power8 power9 power10
/* VMX (Altivec) floating point: arithmetic, fused multiply-add, min/max, rounding to integral,
 * fixed-point conversions with saturation (VSCR[SAT]), compares with CR6, on normal, denormal,
 * infinite and NaN words, in non-Java mode (VSCR[NJ]=1, the default) and Java mode. The estimate
 * instructions (vrefp, vrsqrtefp, vexptefp, vlogefp) are only checked on exact cases. */
#include <altivec.h>
#include "fptest.h"

typedef __vector float vf;
typedef __vector unsigned int vu;

static const uint32_t W[] = {0x00000000, 0x80000000, 0x3F800000, 0xC0400000, 0x3DCCCCCD, 0x7F7FFFFF,
                             0x00000001, 0x807FFFFF, 0x7F800000, 0xFF800000, 0x7FC00001, 0x7F800002,
                             0x4F000001, 0xCF800000, 0x3F400000, 0x00800000, 0x3FC00000, 0xBF000000};
#define N (sizeof W / sizeof W[0])

static vu mk(unsigned i) { return (vu){W[i % N], W[(i + 5) % N], W[(i * 7 + 1) % N], W[(i + 11) % N]}; }

static void pv(const char *op, unsigned i, unsigned j, vu r) {
    printf("%s %u %u %08x %08x %08x %08x\n", op, i, j, r[0], r[1], r[2], r[3]);
}

static void set_vscr(unsigned v) {
    vu x = {0, 0, 0, v};
    __asm__ volatile("mtvscr %0" : : "v"(x));
}

static unsigned get_vscr(void) {
    vu x;
    __asm__ volatile("mfvscr %0" : "=v"(x));
    return x[3];
}

#define V3(name, insn)                                                                   \
    static vu name(vu a, vu b) {                                                         \
        vu t;                                                                            \
        __asm__ volatile(insn " %0,%1,%2" : "=v"(t) : "v"(a), "v"(b));                   \
        return t;                                                                        \
    }
#define V2(name, insn)                                                                   \
    static vu name(vu a, vu b) {                                                         \
        vu t;                                                                            \
        (void)a;                                                                         \
        __asm__ volatile(insn " %0,%1" : "=v"(t) : "v"(b));                              \
        return t;                                                                        \
    }
#define VU(name, insn, u)                                                                \
    static vu name(vu a, vu b) {                                                         \
        vu t;                                                                            \
        (void)a;                                                                         \
        __asm__ volatile(insn " %0,%1," #u : "=v"(t) : "v"(b));                          \
        return t;                                                                        \
    }
V3(vaddfp, "vaddfp") V3(vsubfp, "vsubfp") V3(vmaxfp, "vmaxfp") V3(vminfp, "vminfp")
V3(vcmpeqfp, "vcmpeqfp") V3(vcmpgefp, "vcmpgefp") V3(vcmpgtfp, "vcmpgtfp") V3(vcmpbfp, "vcmpbfp")
V2(vrfin, "vrfin") V2(vrfiz, "vrfiz") V2(vrfip, "vrfip") V2(vrfim, "vrfim")
VU(vcfsx0, "vcfsx", 0) VU(vcfux3, "vcfux", 3) VU(vctsxs0, "vctsxs", 0) VU(vctuxs5, "vctuxs", 5)
VU(vctsxs31, "vctsxs", 31)

static vu vmaddfp(vu a, vu b) {
    vu t, c = mk(3);
    __asm__ volatile("vmaddfp %0,%1,%2,%3" : "=v"(t) : "v"(a), "v"(c), "v"(b));
    return t;
}
static vu vnmsubfp(vu a, vu b) {
    vu t, c = mk(7);
    __asm__ volatile("vnmsubfp %0,%1,%2,%3" : "=v"(t) : "v"(a), "v"(c), "v"(b));
    return t;
}

typedef vu (*fn)(vu, vu);
static const struct { const char *name; fn f; } OPS[] = {
    {"vaddfp", vaddfp}, {"vsubfp", vsubfp}, {"vmaxfp", vmaxfp}, {"vminfp", vminfp},
    {"vcmpeqfp", vcmpeqfp}, {"vcmpgefp", vcmpgefp}, {"vcmpgtfp", vcmpgtfp}, {"vcmpbfp", vcmpbfp},
    {"vrfin", vrfin}, {"vrfiz", vrfiz}, {"vrfip", vrfip}, {"vrfim", vrfim}, {"vcfsx0", vcfsx0},
    {"vcfux3", vcfux3}, {"vctsxs0", vctsxs0}, {"vctuxs5", vctuxs5}, {"vctsxs31", vctsxs31},
    {"vmaddfp", vmaddfp}, {"vnmsubfp", vnmsubfp},
};

int main(void) {
    for (int nj = 1; nj >= 0; nj--) {
        for (unsigned k = 0; k < sizeof OPS / sizeof OPS[0]; k++)
            for (unsigned i = 0; i < N; i++)
                for (unsigned j = 0; j < N; j += 3) {
                    set_vscr(nj ? 0x10000 : 0);
                    vu r = OPS[k].f(mk(i), mk(j));
                    pv(OPS[k].name, i, j, r);
                    printf("  vscr %08x\n", get_vscr());
                }
    }
    /* CR6 of the record forms */
    for (unsigned i = 0; i < N; i++) {
        vf a = (vf)mk(i), b = (vf)mk(i + 1);
        printf("cr6 %u %d %d %d %d\n", i, vec_all_eq(a, a), vec_any_gt(a, b), vec_all_ge(a, b),
               vec_all_in(a, b));
    }
    /* Estimates: only whether each lane is within the ISA's accuracy bound (Book I 6.13:
     * 1/4096 for vrefp and vrsqrtefp, 1/16 for vexptefp and vlogefp). */
    vf e = {1.0f, 4.0f, 0.25f, 3.0f};
    vf re, rs, ex, lg;
    __asm__ volatile("vrefp %0,%1" : "=v"(re) : "v"(e));
    __asm__ volatile("vrsqrtefp %0,%1" : "=v"(rs) : "v"(e));
    __asm__ volatile("vexptefp %0,%1" : "=v"(ex) : "v"(e));
    __asm__ volatile("vlogefp %0,%1" : "=v"(lg) : "v"(e));
    static const double exact_re[4] = {1.0, 0.25, 4.0, 1.0 / 3.0}, exact_rs[4] = {1.0, 0.5, 2.0, 0.57735026918962576};
    static const double exact_ex[4] = {2.0, 16.0, 1.1892071150027210, 8.0}, exact_lg[4] = {0.0, 2.0, -2.0, 1.5849625007211562};
    for (int k = 0; k < 4; k++) {
        double d1 = re[k] / exact_re[k] - 1, d2 = rs[k] / exact_rs[k] - 1, d3 = ex[k] / exact_ex[k] - 1;
        double d4 = lg[k] - exact_lg[k];
        printf("estimates %d %d %d %d %d\n", k, d1 * d1 <= 1.0 / (4096.0 * 4096), d2 * d2 <= 1.0 / (4096.0 * 4096),
               d3 * d3 <= 1.0 / 256, d4 * d4 <= 1.0 / 256);
    }
    return 0;
}
