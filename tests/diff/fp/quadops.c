// cpus: power9 power10
// isa-exception: Book I 7.6 (xsrqpi, xsnmsubqp): with R=0 and RMC=0b11 xsrqpi rounds in the FPSCR[RN] mode, which qemu 7.2 passes to softfloat unconverted (RZ acts as round-down and RM as round-toward-zero); xsnm*qp negate the rounded multiply-add result, qemu rounds the negated value (RP/RM differ)
/* The remaining ISA 3.0 quad-precision instructions, on special and ordinary operands in every
 * rounding mode: round-to-odd arithmetic (xs*qpo), xscvqpdpo, xsrqpi[x] with every R/RMC,
 * xsrqpxp, conversions to and from integers, compares (xscmpoqp, xscmpexpqp), data class tests,
 * exponent/significand extraction and insertion, sign operations. Results as bits with the FPSCR
 * (FR masked: qemu never sets it, see fr.c) and CR. */
#include "fptest.h"

typedef __vector unsigned long long v2;

/* quad given as ISA doubleword 0 (sign/exponent) and 1: little-endian element 1 and 0 */
static v2 qd(uint64_t hi, uint64_t lo) { return (v2){lo, hi}; }

static const uint64_t Q[][2] = {
    {0x3FFF000000000000ULL, 0}, {0xC000800000000000ULL, 0},                         /* 1, -3 */
    {0x3FFB999999999999ULL, 0x999999999999999AULL},                                 /* 0.1 */
    {0x4000921FB54442D1ULL, 0x8469898CC51701B8ULL},                                 /* pi */
    {0x7FFEFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL}, {0x0000000000000000ULL, 1},      /* max, min denormal */
    {0x7FFF000000000000ULL, 0}, {0x7FFF800000000000ULL, 5}, {0x7FFF000000000000ULL, 1}, /* inf qnan snan */
    {0x8000000000000000ULL, 0}, {0x3FFF000000000000ULL, 1},                         /* -0, 1+ulp */
    {0x4009A40000000000ULL, 0x8000000000000001ULL},                                 /* 1234.5+tiny */
    {0x403DFFFFFFFFFFFFULL, 0xF000000000000000ULL},                                 /* ~2^63 */
    {0xC01E000000000000ULL, 0x0000000000000000ULL},                                 /* -2^31 */
    {0x4003400000000000ULL, 0x0000000000000000ULL},                                 /* 20 */
    {0xBFFE000000000000ULL, 0},                                                     /* -0.5 */
    {0x3FFF800000000000ULL, 0},                                                     /* 1.5 */
};
#define N (sizeof Q / sizeof Q[0])

static int verbose;
static uint64_t digest = 0xcbf29ce484222325ULL;

static unsigned get_cr(void) {
    unsigned long cr;
    __asm__ volatile("mfcr %0" : "=r"(cr));
    return (unsigned)(cr >> 28) & 0xF; /* CR0 (the compares below target cr0) */
}

static void show(const char *op, int rn, int i, int j, v2 r) {
    uint64_t f = get_fpscr() & 0xFFFBFFFFULL;
    unsigned cr = get_cr();
    if (verbose)
        printf("%s %s %d %d %016llx%016llx %08llx %x\n", op, RN_NAME[rn], i, j, (unsigned long long)r[1],
               (unsigned long long)r[0], (unsigned long long)f, cr);
    uint64_t v[4] = {r[0], r[1], f, cr};
    const unsigned char *p = (const unsigned char *)v;
    for (int k = 0; k < 32; k++) digest = (digest ^ p[k]) * 0x100000001b3ULL;
}

static void flush(const char *op, int rn) {
    if (!verbose) printf("%s %s %016llx\n", op, RN_NAME[rn], (unsigned long long)digest);
    digest = 0xcbf29ce484222325ULL;
}

#define B3(name, insn)                                                                   \
    static v2 name(v2 a, v2 b) {                                                         \
        v2 t;                                                                            \
        __asm__ volatile(insn " %0,%1,%2" : "=v"(t) : "v"(a), "v"(b));                   \
        return t;                                                                        \
    }
#define B3T(name, insn)                                                                  \
    static v2 name(v2 a, v2 b) {                                                         \
        v2 t = qd(0x3FFE800000000000ULL, 0);                                             \
        __asm__ volatile(insn " %0,%1,%2" : "+v"(t) : "v"(a), "v"(b));                   \
        return t;                                                                        \
    }
#define B2(name, insn)                                                                   \
    static v2 name(v2 a, v2 b) {                                                         \
        v2 t;                                                                            \
        (void)a;                                                                         \
        __asm__ volatile(insn " %0,%1" : "=v"(t) : "v"(b));                              \
        return t;                                                                        \
    }
#define B2R(name, text)                                                                  \
    static v2 name(v2 a, v2 b) {                                                         \
        v2 t;                                                                            \
        (void)a;                                                                         \
        __asm__ volatile(text : "=v"(t) : "v"(b));                                       \
        return t;                                                                        \
    }
#define CMP(name, insn)                                                                  \
    static v2 name(v2 a, v2 b) {                                                         \
        __asm__ volatile(insn " 0,%0,%1" : : "v"(a), "v"(b) : "cr0");                    \
        return qd(0, 0);                                                                 \
    }
#define TST(name, dcmx)                                                                  \
    static v2 name(v2 a, v2 b) {                                                         \
        (void)a;                                                                         \
        __asm__ volatile("xststdcqp 0,%0," #dcmx : : "v"(b) : "cr0");                    \
        return qd(0, 0);                                                                 \
    }

B3(addo, "xsaddqpo") B3(subo, "xssubqpo") B3(mulo, "xsmulqpo") B3(divo, "xsdivqpo")
B3T(maddo, "xsmaddqpo") B3T(nmsub, "xsnmsubqp") B3T(msubo, "xsmsubqpo") B3T(nmaddo, "xsnmaddqpo")
B3(cpsgn, "xscpsgnqp") B3(iexp, "xsiexpqp")
B2(sqrto, "xssqrtqpo") B2(cvqpdpo, "xscvqpdpo") B2(cvqpdp, "xscvqpdp") B2(cvqpsdz, "xscvqpsdz")
B2(cvqpudz, "xscvqpudz") B2(cvqpswz, "xscvqpswz") B2(cvqpuwz, "xscvqpuwz") B2(cvsdqp, "xscvsdqp")
B2(cvudqp, "xscvudqp") B2(xexp, "xsxexpqp") B2(xsig, "xsxsigqp") B2(absq, "xsabsqp")
B2(nabsq, "xsnabsqp") B2(negq, "xsnegqp") B2(cvdpqp, "xscvdpqp")
B2R(rqpi00, "xsrqpi 0,%0,%1,0") B2R(rqpi03, "xsrqpi 0,%0,%1,3") B2R(rqpi10, "xsrqpi 1,%0,%1,0")
B2R(rqpi11, "xsrqpi 1,%0,%1,1") B2R(rqpi12, "xsrqpi 1,%0,%1,2") B2R(rqpi13, "xsrqpi 1,%0,%1,3")
B2R(rqpix00, "xsrqpix 0,%0,%1,0") B2R(rqpix13, "xsrqpix 1,%0,%1,3") B2R(rqpxp03, "xsrqpxp 0,%0,%1,3")
B2R(rqpxp11, "xsrqpxp 1,%0,%1,1")
CMP(cmpo, "xscmpoqp") CMP(cmpu, "xscmpuqp") CMP(cmpexp, "xscmpexpqp")
TST(tst7f, 0x7f) TST(tst40, 0x40) TST(tst0c, 0x0c) TST(tst03, 0x03) TST(tst30, 0x30)

typedef v2 (*fn)(v2, v2);
static const struct { const char *name; fn f; } OPS[] = {
    {"xsaddqpo", addo}, {"xssubqpo", subo}, {"xsmulqpo", mulo}, {"xsdivqpo", divo}, {"xsmaddqpo", maddo},
    {"xsnmsubqp", nmsub}, {"xsmsubqpo", msubo}, {"xsnmaddqpo", nmaddo}, {"xscpsgnqp", cpsgn},
    {"xsiexpqp", iexp}, {"xscmpoqp", cmpo}, {"xscmpuqp", cmpu}, {"xscmpexpqp", cmpexp},
};
static const struct { const char *name; fn f; } UOPS[] = {
    {"xssqrtqpo", sqrto}, {"xscvqpdpo", cvqpdpo}, {"xscvqpdp", cvqpdp}, {"xscvqpsdz", cvqpsdz},
    {"xscvqpudz", cvqpudz}, {"xscvqpswz", cvqpswz}, {"xscvqpuwz", cvqpuwz}, {"xscvsdqp", cvsdqp},
    {"xscvudqp", cvudqp}, {"xsxexpqp", xexp}, {"xsxsigqp", xsig}, {"xsabsqp", absq}, {"xsnabsqp", nabsq},
    {"xsnegqp", negq}, {"xscvdpqp", cvdpqp}, {"xsrqpi0,0", rqpi00}, {"xsrqpi0,3", rqpi03},
    {"xsrqpi1,0", rqpi10}, {"xsrqpi1,1", rqpi11}, {"xsrqpi1,2", rqpi12}, {"xsrqpi1,3", rqpi13},
    {"xsrqpix0,0", rqpix00}, {"xsrqpix1,3", rqpix13}, {"xsrqpxp0,3", rqpxp03}, {"xsrqpxp1,1", rqpxp11},
    {"xststdcqp7f", tst7f}, {"xststdcqp40", tst40}, {"xststdcqp0c", tst0c}, {"xststdcqp03", tst03},
    {"xststdcqp30", tst30},
};

int main(int argc, char **argv) {
    __asm__ volatile("mtcrf 0xff,%0" : : "r"(0UL)); /* CR starts at zero: startup code leaves environment-dependent bits */
    verbose = argc > 1;
    for (int rn = 0; rn < 4; rn++) {
        for (unsigned k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
            for (unsigned i = 0; i < N; i++)
                for (unsigned j = 0; j < N; j++) {
                    set_fpscr(rn);
                    show(OPS[k].name, rn, i, j, OPS[k].f(qd(Q[i][0], Q[i][1]), qd(Q[j][0], Q[j][1])));
                }
            flush(OPS[k].name, rn);
        }
        for (unsigned k = 0; k < sizeof UOPS / sizeof UOPS[0]; k++) {
            for (unsigned i = 0; i < N; i++) {
                set_fpscr(rn);
                show(UOPS[k].name, rn, i, 0, UOPS[k].f(qd(0, 0), qd(Q[i][0], Q[i][1])));
                /* integer and double sources for the conversions from doubleword 0 */
                set_fpscr(rn);
                show(UOPS[k].name, rn, i, 1, UOPS[k].f(qd(0, 0), qd(Q[i][0] ^ (Q[i][1] << 7), 0)));
            }
            flush(UOPS[k].name, rn);
        }
    }
    return 0;
}
