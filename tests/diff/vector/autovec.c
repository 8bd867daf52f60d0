// cpus: power8 power9 power10
// cflags: -O3 -mcpu=$CPU -fno-tree-loop-distribute-patterns
// Loops gcc auto-vectorizes with VMX/VSX integer instructions: widening and narrowing
// conversions, multiplies, reductions, min/max, saturating-looking clamps, conditional selects,
// shifts and byte shuffles over arrays of every integer width. Prints a hash per kernel.
#include <stdio.h>
#include <stdint.h>

#define N 1000
static int8_t s8[N + 16];
static uint8_t u8[N + 16], o8[N + 16];
static int16_t s16[N + 16], o16[N + 16];
static uint16_t u16[N + 16];
static int32_t s32[N + 16], o32[N + 16];
static uint32_t u32[N + 16];
static int64_t s64[N + 16], o64[N + 16];
static uint64_t u64[N + 16];
static uint64_t h = 0xcbf29ce484222325ULL;
static void mix(uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; }
static uint32_t seed = 99;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static void fill(void) {
    for (int i = 0; i < N + 16; i++) {
        uint32_t r = rnd();
        s8[i] = r; u8[i] = r >> 8; s16[i] = r >> 3; u16[i] = r >> 11;
        s32[i] = rnd(); u32[i] = rnd(); s64[i] = ((int64_t)rnd() << 32) | rnd(); u64[i] = ((uint64_t)rnd() << 29) ^ rnd();
    }
}

#define REPORT(name) do { printf("%-10s %016llx\n", name, (unsigned long long)h); h = 0xcbf29ce484222325ULL; } while (0)

__attribute__((noinline)) static void k_widen(int n) {
    for (int i = 0; i < n; i++) o32[i] = s8[i] * (int32_t)u16[i] + s16[i];
    for (int i = 0; i < n; i++) o64[i] = (int64_t)s32[i] * u8[i] - s16[i];
    for (int i = 0; i < n; i++) o16[i] = (int16_t)(u8[i] * 3 + s8[i]);
}
__attribute__((noinline)) static void k_narrow(int n) {
    for (int i = 0; i < n; i++) o8[i] = (uint8_t)(s32[i] >> 7);
    for (int i = 0; i < n; i++) o16[i] = (int16_t)(s64[i] >> 20);
    for (int i = 0; i < n; i++) { int v = s16[i]; o8[i + 1] ^= v > 255 ? 255 : v < 0 ? 0 : v; }
}
__attribute__((noinline)) static uint64_t k_reduce(int n) {
    uint32_t su = 0; int32_t mx = INT32_MIN; uint8_t mn = 255; int64_t s = 0; uint16_t x = 0;
    for (int i = 0; i < n; i++) su += u8[i];
    for (int i = 0; i < n; i++) mx = s32[i] > mx ? s32[i] : mx;
    for (int i = 0; i < n; i++) mn = u8[i] < mn ? u8[i] : mn;
    for (int i = 0; i < n; i++) s += s64[i] ^ u64[i];
    for (int i = 0; i < n; i++) x ^= u16[i];
    return su ^ ((uint64_t)(uint32_t)mx << 20) ^ mn ^ s ^ x;
}
__attribute__((noinline)) static void k_select(int n) {
    for (int i = 0; i < n; i++) o32[i] = s32[i] > (int32_t)u32[i] ? s32[i] - 1 : (int32_t)u32[i] >> 3;
    for (int i = 0; i < n; i++) o8[i] = u8[i] == s8[i + 1] ? 7 : u8[i] & 0xf0;
    for (int i = 0; i < n; i++) o64[i] = u64[i] > (uint64_t)s64[i] ? u64[i] : (uint64_t)s64[i];
    for (int i = 0; i < n; i++) o16[i] = s16[i] < 0 ? -s16[i] : s16[i];
}
__attribute__((noinline)) static void k_shift(int n) {
    for (int i = 0; i < n; i++) o32[i] = (u32[i] << (u8[i] & 31)) | (u32[i] >> ((u8[i] + 7) & 31));
    for (int i = 0; i < n; i++) o64[i] = s64[i] >> (u8[i] & 63);
    for (int i = 0; i < n; i++) o16[i] = (int16_t)(u16[i] >> 3) * (int16_t)5;
    for (int i = 0; i < n; i++) o8[i] = (uint8_t)(u8[i] << 2) | (u8[i] >> 6);
}
__attribute__((noinline)) static void k_mul(int n) {
    for (int i = 0; i < n; i++) o32[i] = s32[i] * (int32_t)u32[i];
    for (int i = 0; i < n; i++) o64[i] = s64[i] * (int64_t)u64[i];
    for (int i = 0; i < n; i++) o16[i] = (int16_t)((s16[i] * (int32_t)u16[i]) >> 16);
    for (int i = 0; i < n; i++) o32[i] ^= (int32_t)(((int64_t)s32[i] * s32[i + 1]) >> 32);
}
__attribute__((noinline)) static void k_shuffle(int n) {
    for (int i = 0; i < n / 2; i++) { o16[2 * i] = s16[2 * i + 1]; o16[2 * i + 1] = s16[2 * i]; }
    for (int i = 0; i < n; i++) o8[i] = u8[n - 1 - i];
    for (int i = 0; i < n / 4; i++) o32[i] = s32[4 * i] + s32[4 * i + 3];
    for (int i = 0; i < n; i++) o64[i] = u32[i];
}

int main(void) {
    for (int round = 0; round < 4; round++) {
        fill();
        int n = N - round * 37;
        k_widen(n); for (int i = 0; i < N; i++) { mix(o32[i]); mix(o64[i]); mix(o16[i]); } REPORT("widen");
        k_narrow(n); for (int i = 0; i < N; i++) { mix(o8[i]); mix(o16[i]); } REPORT("narrow");
        mix(k_reduce(n)); REPORT("reduce");
        k_select(n); for (int i = 0; i < N; i++) { mix(o32[i]); mix(o8[i]); mix(o64[i]); mix(o16[i]); } REPORT("select");
        k_shift(n); for (int i = 0; i < N; i++) { mix(o32[i]); mix(o64[i]); mix(o16[i]); mix(o8[i]); } REPORT("shift");
        k_mul(n); for (int i = 0; i < N; i++) { mix(o32[i]); mix(o64[i]); mix(o16[i]); } REPORT("mul");
        k_shuffle(n); for (int i = 0; i < N; i++) { mix(o16[i]); mix(o8[i]); mix(o32[i]); mix(o64[i]); } REPORT("shuffle");
    }
    return 0;
}
