/* Helpers for the floating-point differential tests: raw FPSCR access and bit printing. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline double d_of(uint64_t v) { double d; memcpy(&d, &v, 8); return d; }
static inline uint64_t bits_of(double d) { uint64_t v; memcpy(&v, &d, 8); return v; }

/* mtfsf with L=1 writes the whole FPSCR. */
static inline void set_fpscr(uint64_t v) {
    double d = d_of(v);
    __asm__ volatile("mtfsf 0xff,%0,1,0" : : "d"(d));
}

static inline uint64_t get_fpscr(void) {
    double d;
    __asm__ volatile("mffs %0" : "=d"(d));
    return bits_of(d);
}

static const char *const RN_NAME[4] = {"RN", "RZ", "RP", "RM"};
