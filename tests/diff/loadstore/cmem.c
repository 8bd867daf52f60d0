// Compiled loads and stores: memcpy/memmove/memset at every alignment, byte-reversed loads and
// stores (lwbrx/ldbrx/sthbrx from __builtin_bswap on memory), 1/2/4/8-byte atomics (lbarx..ldarx
// with stbcx...stdcx. loops and their CR0 results), and on POWER10 PC-relative prefixed loads of
// globals.
// cpus: power8 power9 power10
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned char src[300], dst[300];
static volatile uint64_t g64 = 0x0102030405060708ULL;
static volatile uint32_t g32 = 0xa1b2c3d4u;

static uint32_t sum(const unsigned char *p, int n) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

__attribute__((noinline)) static uint32_t load_be32(const void *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return __builtin_bswap32(v);
}

__attribute__((noinline)) static uint64_t load_be64(const void *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return __builtin_bswap64(v);
}

__attribute__((noinline)) static void store_be16(void *p, uint16_t v) {
    v = __builtin_bswap16(v);
    memcpy(p, &v, 2);
}

int main(void) {
    for (int i = 0; i < 300; i++) src[i] = (unsigned char) (i * 37 + 11);
    uint32_t all = 0;
    for (int so = 0; so < 8; so++)
        for (int d = 0; d < 8; d++)
            for (int n = 0; n < 200; n += 13) {
                memset(dst, 0xEE, sizeof dst);
                memcpy(dst + d, src + so, n);
                all = all * 31 + sum(dst, 300);
            }
    printf("memcpy %08x\n", all);
    all = 0;
    for (int n = 1; n < 150; n += 7) {
        memcpy(dst, src, 300);
        memmove(dst + 3, dst + 1, n);
        memmove(dst + 100, dst + 107, n);
        memset(dst + (n & 15), n, n);
        all = all * 31 + sum(dst, 300);
    }
    printf("memmove/memset %08x\n", all);
    for (int o = 0; o < 8; o++)
        printf("be32 %08x be64 %016llx\n", load_be32(src + o), (unsigned long long) load_be64(src + o + 1));
    store_be16(dst + 1, 0x1234);
    printf("store_be16 %02x %02x\n", dst[1], dst[2]);

    static unsigned char c8 = 250;
    static unsigned short c16 = 65530;
    static unsigned int c32 = 0xfffffff0u;
    static unsigned long long c64 = 0x7ffffffffffffff0ULL;
    for (int i = 0; i < 10; i++) {
        __atomic_fetch_add(&c8, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&c16, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&c32, 3, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&c64, 5, __ATOMIC_SEQ_CST);
    }
    printf("atomic add %u %u %u %llx\n", c8, c16, c32, c64);
    unsigned int expect = 5;
    int ok1 = __atomic_compare_exchange_n(&c32, &expect, 77u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas fail %d expect=%u c32=%u\n", ok1, expect, c32);
    int ok2 = __atomic_compare_exchange_n(&c32, &expect, 77u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas ok %d c32=%u\n", ok2, c32);
    unsigned char e8 = c8;
    int ok3 = __atomic_compare_exchange_n(&c8, &e8, 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
    printf("cas8 %d c8=%u\n", ok3, c8);
    unsigned long long old = __atomic_exchange_n(&c64, 42ULL, __ATOMIC_SEQ_CST);
    printf("xchg %llx %llx\n", old, c64);
    printf("or/and %x %x\n", __atomic_fetch_or(&c16, 0x8000, __ATOMIC_RELAXED), __atomic_and_fetch(&c16, 0xff0f, __ATOMIC_RELAXED));
    printf("globals %llx %x\n", (unsigned long long) g64, g32);
    g64 += 1;
    g32 ^= 0xffff;
    printf("globals %llx %x\n", (unsigned long long) g64, g32);
    return 0;
}
