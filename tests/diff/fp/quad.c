// cpus: power9 power10
// cflags: -O2 -mcpu=$CPU -mfloat128
/* IEEE binary128 (__float128, the ISA 3.0 xs*qp instructions) in every rounding mode: sums,
 * products, quotients, square roots, fused multiply-add, conversions and compares, printed as
 * bits with the FPSCR (FR masked, see fr.c). */
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include "fptest.h"

typedef __float128 q;

static void pq(const char *what, q x) {
    uint64_t w[2];
    memcpy(w, &x, 16);
    uint64_t f = get_fpscr() & 0xFFFBFFFFULL;
    /* little-endian: w[1] holds the sign and exponent */
    printf("%s %016llx%016llx %08llx\n", what, (unsigned long long)w[1], (unsigned long long)w[0],
           (unsigned long long)f);
}

static q mk(uint64_t hi, uint64_t lo) {
    uint64_t w[2] = {lo, hi};
    q x;
    memcpy(&x, w, 16);
    return x;
}

static volatile q vals[14];

int main(void) {
    static const int modes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
    vals[0] = 1;
    vals[1] = -3;
    vals[2] = mk(0x3FFB999999999999ULL, 0x999999999999999AULL); /* 0.1 */
    vals[3] = mk(0x4000921FB54442D1ULL, 0x8469898CC51701B8ULL); /* pi */
    vals[4] = mk(0x7FFEFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL); /* max */
    vals[5] = mk(0x0001000000000000ULL, 0);                    /* min normal */
    vals[6] = mk(0, 1);                                        /* min denormal */
    vals[7] = mk(0x7FFF000000000000ULL, 0);                    /* inf */
    vals[8] = mk(0x7FFF800000000000ULL, 0);                    /* qNaN */
    vals[9] = mk(0x7FFF000000000000ULL, 1);                    /* sNaN */
    vals[10] = mk(0x8000000000000000ULL, 0);                   /* -0 */
    vals[11] = mk(0x3FFF000000000000ULL, 1);                   /* 1 + ulp */
    vals[12] = mk(0x3F8E000000000000ULL, 0);                   /* 2^-113 */
    vals[13] = 1e30;
    const int n = 14;
    char name[64];
    for (int m = 0; m < 4; m++) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q a = vals[i], b = vals[j];
                set_fpscr(0);
                fesetround(modes[m]);
                snprintf(name, sizeof name, "add %s %d %d", RN_NAME[m], i, j);
                pq(name, a + b);
                set_fpscr(m);
                snprintf(name, sizeof name, "sub %s %d %d", RN_NAME[m], i, j);
                pq(name, a - b);
                set_fpscr(m);
                snprintf(name, sizeof name, "mul %s %d %d", RN_NAME[m], i, j);
                pq(name, a * b);
                set_fpscr(m);
                snprintf(name, sizeof name, "div %s %d %d", RN_NAME[m], i, j);
                pq(name, a / b);
                set_fpscr(m);
                snprintf(name, sizeof name, "fma %s %d %d", RN_NAME[m], i, j);
                pq(name, fmaf128(a, b, vals[(i + j) % n]));
            }
            q a = vals[i];
            set_fpscr(m);
            snprintf(name, sizeof name, "sqrt %s %d", RN_NAME[m], i);
            pq(name, sqrtf128(a));
            set_fpscr(m);
            double d = (double)a;
            printf("todouble %s %d %016llx %08llx\n", RN_NAME[m], i, (unsigned long long)bits_of(d),
                   (unsigned long long)(get_fpscr() & 0xFFFBFFFFULL));
            set_fpscr(m);
            long long ll = (long long)a;
            printf("toll %s %d %016llx %08llx\n", RN_NAME[m], i, (unsigned long long)ll,
                   (unsigned long long)(get_fpscr() & 0xFFFBFFFFULL));
            set_fpscr(m);
            unsigned ui = (unsigned)a;
            printf("touint %s %d %08x %08llx\n", RN_NAME[m], i, ui, (unsigned long long)(get_fpscr() & 0xFFFBFFFFULL));
            set_fpscr(m);
            snprintf(name, sizeof name, "fromll %s %d", RN_NAME[m], i);
            pq(name, (q)(long long)(0x123456789ABCDEFLL * (i + 1)));
            set_fpscr(m);
            snprintf(name, sizeof name, "fromdouble %s %d", RN_NAME[m], i);
            pq(name, (q)d);
            set_fpscr(m);
            snprintf(name, sizeof name, "rint %s %d", RN_NAME[m], i);
            pq(name, rintf128(a * 1000));
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            q a = vals[i], b = vals[j];
            set_fpscr(0);
            int r = (a < b) | (a == b) << 1 | (a > b) << 2 | __builtin_isunordered(a, b) << 3;
            printf("cmp %d %d %d %08llx\n", i, j, r, (unsigned long long)get_fpscr());
        }
    return 0;
}
