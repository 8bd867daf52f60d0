// Compiler-generated fixed-point code: 128-bit arithmetic, divisions and remainders of every
// signedness and width, bit-counting builtins, rotates, variable shifts, selects, switch tables
// (bctr) and indirect calls (bctrl), fed by a xorshift generator and checked by printing digests.
// cpus: power8 power9 power10
#include <stdint.h>
#include <stdio.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint64_t next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

/* Mostly random operands, with the boundary values mixed in. */
static uint64_t operand(void) {
    static const uint64_t special[] = {0, 1, (uint64_t)-1, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                       0x7fffffff, 0x80000000, 0xffffffff, 2, (uint64_t)-2};
    uint64_t r = next();
    if ((r & 7) == 0) return special[(r >> 8) % 10];
    if ((r & 7) == 1) return r >> (r % 61);
    return r;
}

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

typedef uint64_t (*binop)(uint64_t, uint64_t);
static uint64_t op_add(uint64_t a, uint64_t b) { return a + b; }
static uint64_t op_sub(uint64_t a, uint64_t b) { return a - b; }
static uint64_t op_rotl(uint64_t a, uint64_t b) { return (a << (b & 63)) | (a >> (-b & 63)); }
static uint64_t op_rotl32(uint64_t a, uint64_t b) {
    uint32_t x = (uint32_t)a;
    return (uint32_t)((x << (b & 31)) | (x >> (-b & 31)));
}
static const binop ops[] = {op_add, op_sub, op_rotl, op_rotl32};

static __attribute__((noinline)) uint64_t classify(uint64_t x) {
    switch (x % 11) {
    case 0: return x * 3;
    case 1: return x ^ 0x5555;
    case 2: return x >> 3;
    case 3: return (int64_t)x >> 5;
    case 4: return ~x;
    case 5: return x | 1;
    case 6: return x & 0xff00ff;
    case 7: return x + 77;
    case 8: return (uint32_t)x;
    case 9: return (int32_t)x;
    default: return 0;
    }
}

int main(void) {
    uint64_t h[12] = {0};
    for (int i = 0; i < 20000; i++) {
        uint64_t a = operand(), b = operand();
        int64_t sa = (int64_t)a, sb = (int64_t)b;
        uint32_t wa = (uint32_t)a, wb = (uint32_t)b;
        int32_t swa = (int32_t)wa, swb = (int32_t)wb;

        unsigned __int128 up = (unsigned __int128)a * b;
        __int128 sp = (__int128)sa * sb;
        h[0] = mix(h[0], (uint64_t)(up >> 64));
        h[0] = mix(h[0], (uint64_t)(sp >> 64));
        unsigned __int128 sum = (unsigned __int128)a + b + ((unsigned __int128)b << 64);
        h[1] = mix(h[1], (uint64_t)(sum >> 64) ^ (uint64_t)sum);

        if (b != 0) {
            h[2] = mix(h[2], a / b);
            h[2] = mix(h[2], a % b);
            if (!(sa == INT64_MIN && sb == -1)) {
                h[3] = mix(h[3], (uint64_t)(sa / sb));
                h[3] = mix(h[3], (uint64_t)(sa % sb));
            }
        }
        if (wb != 0) {
            h[4] = mix(h[4], wa / wb);
            h[4] = mix(h[4], wa % wb);
            if (!(swa == INT32_MIN && swb == -1)) {
                h[4] = mix(h[4], (uint64_t)(int64_t)(swa / swb));
                h[4] = mix(h[4], (uint64_t)(int64_t)(swa % swb));
            }
        }
        h[5] = mix(h[5], (uint64_t)__builtin_popcountll(a) | (uint64_t)__builtin_parityll(b) << 8
                         | (uint64_t)(a ? __builtin_clzll(a) : 64) << 16 | (uint64_t)(a ? __builtin_ctzll(a) : 64) << 24
                         | (uint64_t)(wa ? __builtin_clz(wa) : 32) << 32 | (uint64_t)(wb ? __builtin_ctz(wb) : 32) << 40);
        h[6] = mix(h[6], __builtin_bswap64(a) ^ __builtin_bswap32(wb) ^ __builtin_bswap16((uint16_t)a));
        h[7] = mix(h[7], ops[b & 3](a, b));
        h[8] = mix(h[8], (a << (b & 63)) ^ (a >> (b & 63)) ^ (uint64_t)(sa >> (b & 63))
                         ^ (uint64_t)(wa << (b & 31)) ^ (uint64_t)(swa >> (b & 31)));
        h[9] = mix(h[9], (sa < sb ? a : b) + (a < b ? 1 : 2) + (swa > swb ? 4 : 8) + (wa >= wb ? 16 : 32)
                         + (sa == sb) + (sa > 0 ? 64 : 0));
        h[10] = mix(h[10], classify(a) + classify(b));
        h[11] = mix(h[11], a * b + (uint64_t)(swa * swb) + (uint64_t)((int64_t)swa * swb) + a * 12345);
    }
    for (int i = 0; i < 12; i++) printf("h[%d] = %016llx\n", i, (unsigned long long)h[i]);
    /* a few readable values */
    volatile uint64_t x = 0xfedcba9876543210ull, y = 7;
    printf("%llu %lld %llu %llu\n", (unsigned long long)(x / y), (long long)((int64_t)x / (int64_t)y),
           (unsigned long long)(x % y), (unsigned long long)((unsigned __int128)x * x >> 64));
    return (int)(h[0] & 0x3f);
}
