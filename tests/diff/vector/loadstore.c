// cpus: power8 power9 power10
// cflags: -O1 -mcpu=$CPU
// Every vector/VSX load and store form at every offset 0..31 of a 16-byte aligned buffer, in
// little-endian mode: element forms, whole-quadword forms, lengths, splats, scalar and
// single-precision (with a signalling NaN and a denormal), paired and prefixed forms.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static unsigned char buf[256] __attribute__((aligned(64)));
static unsigned char out[16] __attribute__((aligned(16)));
static unsigned char pat[32] __attribute__((aligned(16)));

static void reset(void) {
    for (int i = 0; i < 256; i++) buf[i] = (unsigned char)(i * 7 + 3);
    static const unsigned char snan[4] = {0x01, 0x00, 0x80, 0x7f};   /* 0x7f800001 */
    static const unsigned char denorm[4] = {0x05, 0x00, 0x00, 0x00}; /* 0x00000005 */
    memcpy(buf + 96, snan, 4);
    memcpy(buf + 100, denorm, 4);
    memcpy(buf + 104, "\x00\x00\x00\x00\x00\x00\xf0\x37", 8); /* a double below single range */
    memcpy(buf + 112, "\x00\x00\x00\x00\x00\x00\x80\x38", 8); /* 2^-119: a single denormal */
}

static void show(const char *name, int off, const unsigned char *p, int n) {
    printf("%-9s %2d ", name, off);
    for (int i = 0; i < n; i++) printf("%02x", p[i]);
    printf("\n");
}

/* X-form loads into VR0 (VSR32), which is preset to 0xfa bytes. */
#define LOADX(NAME, T)                                                                      \
    for (int off = 0; off < 32; off++) {                                                    \
        reset();                                                                            \
        asm volatile("vspltisb 0,-6\n " NAME " " T ",%0,%1\n stvx 0,0,%2"                    \
                     :: "b"(buf), "r"((long)off), "r"(out) : "v0", "memory");               \
        show(NAME, off, out, 16);                                                           \
    }

/* D-form loads: the base moves by the offset. */
#define LOADD(NAME, T, D)                                                                   \
    for (int off = 0; off < 32; off += 4) {                                                 \
        reset();                                                                            \
        asm volatile("vspltisb 0,-6\n " NAME " " T "," D "(%0)\n stvx 0,0,%1"                \
                     :: "b"(buf + off), "r"(out) : "v0", "memory");                         \
        show(NAME, off, out, 16);                                                           \
    }

/* X-form stores of VR0 = pat into a cleared buffer. */
#define STOREX(NAME, S)                                                                     \
    for (int off = 0; off < 32; off++) {                                                    \
        memset(buf, 0, 64);                                                                 \
        asm volatile("lvx 0,0,%2\n " NAME " " S ",%0,%1"                                    \
                     :: "b"(buf), "r"((long)off), "r"(pat) : "v0", "memory");               \
        show(NAME, off, buf, 48);                                                           \
    }

#define STORED(NAME, S, D)                                                                  \
    for (int off = 0; off < 32; off += 4) {                                                 \
        memset(buf, 0, 64);                                                                 \
        asm volatile("lvx 0,0,%1\n " NAME " " S "," D "(%0)"                                \
                     :: "b"(buf + off), "r"(pat) : "v0", "memory");                         \
        show(NAME, off, buf, 48);                                                           \
    }

/* Length forms: RA is the address, RB bits 0:7 the length. */
#define LOADL(NAME)                                                                         \
    for (int n = 0; n < 20; n++) {                                                          \
        reset();                                                                            \
        asm volatile("vspltisb 0,-6\n " NAME " 32,%0,%1\n stvx 0,0,%2"                        \
                     :: "b"(buf + 3), "r"((long)n << 56), "r"(out) : "v0", "memory");       \
        show(NAME, n, out, 16);                                                             \
    }
#define STOREL(NAME)                                                                        \
    for (int n = 0; n < 20; n++) {                                                          \
        memset(buf, 0, 64);                                                                 \
        asm volatile("lvx 0,0,%2\n " NAME " 32,%0,%1"                                         \
                     :: "b"(buf + 3), "r"((long)n << 56), "r"(pat) : "v0", "memory");       \
        show(NAME, n, buf, 32);                                                             \
    }

int main(void) {
    for (int i = 0; i < 32; i++) pat[i] = (unsigned char)(0x40 + i * 3);
    LOADX("lvx", "0") LOADX("lvxl", "0") LOADX("lvebx", "0") LOADX("lvehx", "0") LOADX("lvewx", "0")
    LOADX("lvsl", "0") LOADX("lvsr", "0")
    LOADX("lxvd2x", "32") LOADX("lxvw4x", "32") LOADX("lxvdsx", "32") LOADX("lxsdx", "32")
    LOADX("lxsiwax", "32") LOADX("lxsiwzx", "32") LOADX("lxsspx", "32")
    STOREX("stvx", "0") STOREX("stvxl", "0") STOREX("stvebx", "0") STOREX("stvehx", "0") STOREX("stvewx", "0")
    STOREX("stxvd2x", "32") STOREX("stxvw4x", "32") STOREX("stxsdx", "32") STOREX("stxsiwx", "32")
    STOREX("stxsspx", "32")
#ifdef _ARCH_PWR9
    LOADX("lxvx", "32") LOADX("lxvb16x", "32") LOADX("lxvh8x", "32") LOADX("lxvwsx", "32")
    LOADX("lxsibzx", "32") LOADX("lxsihzx", "32")
    LOADD("lxv", "32", "16") LOADD("lxsd", "0", "8") LOADD("lxssp", "0", "92")
    STOREX("stxvx", "32") STOREX("stxvb16x", "32") STOREX("stxvh8x", "32") STOREX("stxsibx", "32")
    STOREX("stxsihx", "32")
    STORED("stxv", "32", "16") STORED("stxsd", "0", "8") STORED("stxssp", "0", "4")
    LOADL("lxvl") LOADL("lxvll") STOREL("stxvl") STOREL("stxvll")
#endif
#ifdef _ARCH_PWR10
    LOADX("lxvrbx", "32") LOADX("lxvrhx", "32") LOADX("lxvrwx", "32") LOADX("lxvrdx", "32")
    STOREX("stxvrbx", "32") STOREX("stxvrhx", "32") STOREX("stxvrwx", "32") STOREX("stxvrdx", "32")
    LOADD("plxv", "32", "16") LOADD("plxsd", "0", "8") LOADD("plxssp", "0", "92")
    STORED("pstxv", "32", "16") STORED("pstxsd", "0", "8") STORED("pstxssp", "0", "4")
    for (int off = 0; off < 32; off += 4) {
        unsigned char o2[32] __attribute__((aligned(16)));
        reset();
        asm volatile("lxvp 32,32(%0)\n stxv 32,0(%1)\n stxv 33,16(%1)"
                     :: "b"(buf + off), "b"(o2) : "v0", "v1", "memory");
        show("lxvp", off, o2, 32);
        reset();
        asm volatile("lxvpx 32,%0,%1\n stxv 32,0(%2)\n stxv 33,16(%2)"
                     :: "b"(buf), "r"((long)off), "b"(o2) : "v0", "v1", "memory");
        show("lxvpx", off, o2, 32);
        reset();
        asm volatile("plxvp 32,32(%0)\n stxv 32,0(%1)\n stxv 33,16(%1)"
                     :: "b"(buf + off), "b"(o2) : "v0", "v1", "memory");
        show("plxvp", off, o2, 32);
        memset(buf, 0, 96);
        asm volatile("lxv 32,0(%1)\n lxv 33,16(%1)\n stxvp 32,16(%0)"
                     :: "b"(buf + off), "b"(pat) : "v0", "v1", "memory");
        show("stxvp", off, buf, 80);
        memset(buf, 0, 96);
        asm volatile("lxv 32,0(%1)\n lxv 33,16(%1)\n pstxvp 32,16(%0)"
                     :: "b"(buf + off), "b"(pat) : "v0", "v1", "memory");
        show("pstxvp", off, buf, 80);
    }
#endif
    return 0;
}
