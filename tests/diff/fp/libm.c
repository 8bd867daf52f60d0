// cpus: power9 power10
/* glibc's floating point as programs use it: printf/strtod conversions, libm functions in double
 * and float, fenv rounding modes and exception flags (fetestexcept reads the FPSCR). */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double xs[] = {0.0, -0.0, 1.0, -2.5, 0.1, 3.141592653589793, 1e-310, 1e300, 123456.789, -7e-5};
static volatile float fs[] = {0.0f, 1.0f, -2.5f, 0.1f, 3.1415927f, 1e-40f, 1e30f, 65504.0f};

int main(void) {
    static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("%.17g %a %.3e | %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", x, x, x, sin(x), exp(x / 100), log(fabs(x) + 1),
               sqrt(fabs(x)), pow(fabs(x), 0.3), atan2(x, 0.5), cbrt(x));
        printf("  %ld %lld %.17g %.17g %.17g %.17g\n", lrint(x), llround(x * 3), floor(x), ceil(x), trunc(x), fmod(x, 0.7));
    }
    for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++) {
        float f = fs[i];
        printf("%.9g %a | %.9g %.9g %.9g %.9g %.9g\n", f, f, sinf(f), expf(f / 10), logf(fabsf(f) + 1), sqrtf(fabsf(f)),
               fmaf(f, f, -1.0f));
    }
    static const char *strs[] = {"0.1", "1e-320", "2.2250738585072011e-308", "1.7976931348623157e308", "1e309",
                                 "0x1.fffffffffffffp-1", "-nan", "inf", "123456789012345678901234567890"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        for (unsigned i = 0; i < sizeof strs / sizeof strs[0]; i++) {
            double d = strtod(strs[i], 0);
            float f = strtof(strs[i], 0);
            printf("mode %d %s -> %a %a %.20g\n", m, strs[i], d, f, d);
        }
        volatile double a = 1.0, b = 3.0;
        feclearexcept(FE_ALL_EXCEPT);
        volatile double q = a / b;
        int e1 = fetestexcept(FE_ALL_EXCEPT);
        volatile double z = a / 0.0;
        int e2 = fetestexcept(FE_ALL_EXCEPT);
        volatile double n = z - z;
        int e3 = fetestexcept(FE_ALL_EXCEPT);
        volatile double t = DBL_MIN / 3;
        int e4 = fetestexcept(FE_ALL_EXCEPT);
        volatile double o = DBL_MAX * 2;
        int e5 = fetestexcept(FE_ALL_EXCEPT);
        printf("mode %d %a %a %a %a %a flags %x %x %x %x %x\n", m, q, z, n, t, o, e1, e2, e3, e4, e5);
        printf("  %.17g %.17g %.17g %ld\n", nearbyint(2.5), rint(-3.5), 1.0 / 3.0 + 1e-17, lrint(7.5));
    }
    fesetround(FE_TONEAREST);
    long double ld = 1.0L / 3.0L;
    printf("long double %.30Lg\n", ld);
    return 0;
}
