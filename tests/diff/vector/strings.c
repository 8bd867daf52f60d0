// cpus: power8 power9 power10
// cflags: -O2 -mcpu=$CPU
// glibc's string and memory routines, which select POWER8/9/10 implementations built on VMX/VSX
// loads, compares, permutes and bit counts (lvsl/vperm, vcmpequb., vctzlsbb, lxvl/stxvl, lxvp...),
// over every length 0..300 and source/destination alignment 0..15. Prints a hash per routine.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static unsigned char src[1024] __attribute__((aligned(64)));
static unsigned char dst[1024] __attribute__((aligned(64)));
static unsigned char ref[1024] __attribute__((aligned(64)));
static uint64_t h;

static void mix(uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; }
static void mixbuf(const unsigned char *p, size_t n) { for (size_t i = 0; i < n; i++) mix(p[i]); }

static uint32_t seed = 12345;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 16; }

static void fill(unsigned char *p, size_t n, int nonzero) {
    for (size_t i = 0; i < n; i++) { unsigned v = rnd() & 0xff; p[i] = nonzero && v == 0 ? 'x' : v; }
}

#define REPORT(name) do { printf("%-8s %016llx\n", name, (unsigned long long)h); h = 0xcbf29ce484222325ULL; } while (0)

int main(void) {
    h = 0xcbf29ce484222325ULL;
    for (int al = 0; al < 16; al++)
        for (int len = 0; len <= 300; len++) {
            fill(src, 400, 1);
            src[al + len] = 0;
            mix(strlen((char *)src + al));
            mix(strnlen((char *)src + al, len / 2 + 1));
        }
    REPORT("strlen");
    for (int al = 0; al < 16; al++)
        for (int len = 0; len <= 300; len += 3) {
            fill(src, 400, 1);
            src[al + len] = 0;
            int c = src[al + (len * 7) / 8];
            char *p = strchr((char *)src + al, c);
            mix(p ? (uint64_t)(p - (char *)src) : 999);
            p = strrchr((char *)src + al, c);
            mix(p ? (uint64_t)(p - (char *)src) : 999);
            void *q = memchr(src + al, c, len);
            mix(q ? (uint64_t)((unsigned char *)q - src) : 999);
            q = memchr(src + al, 0x100 + 77, len);
            mix(q ? (uint64_t)((unsigned char *)q - src) : 999);
        }
    REPORT("strchr");
    for (int sa = 0; sa < 16; sa++)
        for (int da = 0; da < 16; da += 3)
            for (int len = 0; len <= 300; len += 1 + (len > 40) * 7) {
                fill(src, 400, 0);
                fill(dst, 400, 0);
                memcpy(ref, dst, 400);
                memcpy(dst + da, src + sa, len);
                mixbuf(dst, 400);
                memmove(dst + da + 5, dst + da, len);
                mixbuf(dst, 400);
                memset(dst + sa, len & 0xff, len);
                mixbuf(dst, 400);
                mix(memcmp(dst, ref, len) > 0);
            }
    REPORT("memcpy");
    for (int sa = 0; sa < 16; sa++)
        for (int len = 0; len <= 300; len += 1 + (len > 40) * 5) {
            fill(src, 400, 1);
            src[sa + len] = 0;
            memcpy(dst + 7, src + sa, len + 1);
            for (int d = 0; d <= len; d += 1 + len / 5) {
                unsigned char save = dst[7 + d];
                dst[7 + d] = (unsigned char)(save + 1 ? save + 1 : 2);
                int r = memcmp(src + sa, dst + 7, len + 1);
                mix(r < 0 ? 1 : r > 0 ? 2 : 3);
                r = strcmp((char *)src + sa, (char *)dst + 7);
                mix(r < 0 ? 1 : r > 0 ? 2 : 3);
                r = strncmp((char *)src + sa, (char *)dst + 7, d + 1);
                mix(r < 0 ? 1 : r > 0 ? 2 : 3);
                dst[7 + d] = save;
            }
            mix(strcmp((char *)src + sa, (char *)dst + 7));
        }
    REPORT("strcmp");
    for (int sa = 0; sa < 16; sa++)
        for (int da = 0; da < 16; da += 5)
            for (int len = 0; len <= 300; len += 1 + (len > 40) * 9) {
                fill(src, 400, 1);
                memset(dst, 0x55, 500);
                src[sa + len] = 0;
                char *e = stpcpy((char *)dst + da, (char *)src + sa);
                mix((uint64_t)(e - (char *)dst));
                mixbuf(dst, 400);
                strncpy((char *)dst + da, (char *)src + sa, len / 2 + 20);
                mixbuf(dst, 400);
                strcpy((char *)dst + da + 1, (char *)src + sa);
                mixbuf(dst, 400);
            }
    REPORT("strcpy");
    return 0;
}
