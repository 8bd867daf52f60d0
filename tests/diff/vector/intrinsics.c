// cpus: power8 power9 power10
// cflags: -O2 -mcpu=$CPU -Wno-deprecated
// altivec.h intrinsics over pseudo-random vectors: integer arithmetic (modulo and saturating,
// VSCR[SAT]), compares with CR6 predicates, permutes, merges, packs, shifts, splats, loads and
// stores at every alignment. gcc picks VMX or VSX encodings by -mcpu.
#include <altivec.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef vector unsigned char vu8;
typedef vector signed char vs8;
typedef vector unsigned short vu16;
typedef vector signed short vs16;
typedef vector unsigned int vu32;
typedef vector signed int vs32;
typedef vector unsigned long long vu64;
typedef vector signed long long vs64;

static uint32_t seed = 777;
static unsigned rnd(void) { seed = seed * 1664525u + 1013904223u; return seed >> 8; }
static const unsigned char special[] = {0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x81};

static vu8 rv(void) {
    unsigned char b[16];
    int style = rnd() % 3;
    for (int i = 0; i < 16; i++) b[i] = style == 0 ? rnd() : style == 1 ? special[rnd() % 8] : rnd() % 4;
    vu8 v;
    memcpy(&v, b, 16);
    return v;
}

static void pv(const char *name, const void *v) {
    const unsigned char *b = v;
    printf("%-10s", name);
    for (int i = 0; i < 16; i++) printf("%02x", b[i]);
    printf("\n");
}

static volatile int sink;
static void sat(const char *name) {
    vu32 s = (vu32)vec_mfvscr();
    printf("%-10s sat=%u\n", name, (unsigned)(s[0] | s[3]) & 1);
    vec_mtvscr((vu32){0, 0, 0, 0});
}

#define P(op) do { __typeof__(op) _r = (op); pv(#op, &_r); } while (0)

int main(void) {
    unsigned char mem[64] __attribute__((aligned(16)));
    for (int round = 0; round < 24; round++) {
        vu8 a = rv(), b = rv(), c = rv();
        if (round % 5 == 0) b = a;
        vec_mtvscr((vu32){0, 0, 0, 0});
        P(vec_add(a, b));
        P(vec_add((vu16)a, (vu16)b));
        P(vec_add((vu32)a, (vu32)b));
        P(vec_add((vu64)a, (vu64)b));
        P(vec_sub((vu16)a, (vu16)b));
        P(vec_adds(a, b)); sat("addsub");
        P(vec_adds((vs8)a, (vs8)b)); sat("addssb");
        P(vec_adds((vs16)a, (vs16)b)); sat("addssh");
        P(vec_adds((vu32)a, (vu32)b)); sat("addsuw");
        P(vec_subs((vs32)a, (vs32)b)); sat("subssw");
        P(vec_subs(a, b)); sat("subsub");
        P(vec_avg((vs16)a, (vs16)b));
        P(vec_max((vs32)a, (vs32)b));
        P(vec_min(a, b));
        P(vec_max((vu64)a, (vu64)b));
        P(vec_min((vs64)a, (vs64)b));
        P(vec_cmpeq(a, b));
        P(vec_cmpgt((vs16)a, (vs16)b));
        P(vec_cmpgt((vu32)a, (vu32)b));
        P(vec_cmpgt((vs64)a, (vs64)b));
        printf("all_eq %d any_eq %d all_gt %d any_lt %d all_ne %d\n", vec_all_eq(a, b), vec_any_eq(a, b),
               vec_all_gt((vs16)a, (vs16)b), vec_any_lt((vu32)a, (vu32)b), vec_all_ne(a, b));
        P(vec_and(a, b)); P(vec_or(a, b)); P(vec_xor(a, b)); P(vec_nor(a, b)); P(vec_andc(a, b));
        P(vec_sel(a, b, c));
        P(vec_perm(a, b, c));
        P(vec_mergeh(a, b)); P(vec_mergel((vu16)a, (vu16)b)); P(vec_mergeh((vu32)a, (vu32)b));
        P(vec_mergel((vu64)a, (vu64)b));
        P(vec_pack((vu16)a, (vu16)b)); P(vec_pack((vu64)a, (vu64)b));
        P(vec_packs((vs32)a, (vs32)b)); sat("packs");
        P(vec_packsu((vs16)a, (vs16)b)); sat("packsu");
        P(vec_unpackh((vs8)a)); P(vec_unpackl((vs16)a)); P(vec_unpackh((vs32)a));
        P(vec_sl(a, b)); P(vec_sr((vu16)a, (vu16)b)); P(vec_sra((vs32)a, (vu32)b)); P(vec_rl((vu64)a, (vu64)b));
        P(vec_sld(a, b, 3)); P(vec_sld(a, b, 12)); P(vec_slo(a, b)); P(vec_sro(a, b));
        P(vec_splat(a, 5)); P(vec_splat((vu16)a, 3)); P(vec_splat((vu32)a, 2)); P(vec_splat((vu64)a, 1));
        P(vec_splats((unsigned char)rnd())); P(vec_splats((int)rnd())); P(vec_splats((long long)rnd() << 20));
        P(vec_mule(a, b)); P(vec_mulo((vs16)a, (vs16)b)); P(vec_mule((vu32)a, (vu32)b));
        P(vec_msum(a, b, (vu32)c)); P(vec_msum((vs16)a, (vs16)b, (vs32)c));
        P(vec_sum4s(a, (vu32)b)); sat("sum4s");
        P(vec_sums((vs32)a, (vs32)b)); sat("sums");
        P(vec_mladd((vu16)a, (vu16)b, (vu16)c));
        P(vec_cntlz(a)); P(vec_cntlz((vu64)a)); P(vec_popcnt((vu32)a));
        P(vec_gb(a));
        P(vec_vbpermq(a, c));
        P(vec_xxpermdi((vu64)a, (vu64)b, 1)); P(vec_xxpermdi((vu64)a, (vu64)b, 2));
        P(vec_reve(a)); P(vec_revb((vu32)a));
#ifdef _ARCH_PWR9
        P(vec_cmpne(a, b)); P(vec_cmpnez(a, b));
        printf("first_match %d first_mismatch %d first_mismatch_or_eos %d\n", vec_first_match_index(a, b),
               vec_first_mismatch_index(a, b), vec_first_mismatch_or_eos_index(a, b));
        P(vec_absd(a, b)); P(vec_absd((vu32)a, (vu32)b));
        P(vec_cnttz((vu16)a)); P(vec_parity_lsbb((vu32)a));
        P(vec_rlnm((vu32)a, (vu32)b, (vu32)c)); P(vec_rlmi((vu32)a, (vu32)b, (vu32)c));
        P(vec_insert4b((vu32)a, b, 4)); P(vec_extract4b(a, 8));
        P(vec_signexti((vs8)a));
        printf("vec_extract %u %u\n", vec_extract(a, round & 15), vec_extract((vu32)a, round & 3));
        P(vec_insert((unsigned short)rnd(), (vu16)a, round & 7));
#endif
#ifdef _ARCH_PWR10
        P(vec_mulh((vs32)a, (vs32)b)); P(vec_mulh((vu64)a, (vu64)b));
        P(vec_div((vu32)a, (vu32)vec_or((vu32)b, (vu32){1, 1, 1, 1})));
        P(vec_mod((vs64)a, (vs64)vec_or((vu64)b, (vu64){1, 1})));
        P(vec_pdep((vu64)a, (vu64)b)); P(vec_pext((vu64)a, (vu64)b)); P(vec_cfuge((vu64)a, (vu64)b));
        printf("extractm %u %u cntm %llu\n", vec_extractm(a), vec_extractm((vu64)a),
               (unsigned long long)vec_cntm(a, 1));
        P(vec_expandm((vu32)a)); P(vec_genbm(rnd()));
        P(vec_clrl(a, round)); P(vec_clrr(a, round));
        P(vec_stril(a)); P(vec_strir((vu16)a));
        P(vec_sldb(a, b, 3)); P(vec_srdb(a, b, 5));
        P(vec_insertl((unsigned int)rnd(), (vu32)a, round & 15));
        P(vec_extractl(a, b, round & 15));
        P(vec_blendv(a, b, c)); P(vec_permx(a, b, c, 0));
        P(vec_splati(0x12345678)); P(vec_splati_ins((vu32)a, 1, 0xabcdefu));
        P(vec_ternarylogic(a, b, c, 0x96));
        P(vec_cmpeq((vector unsigned __int128)a, (vector unsigned __int128)b));
        P(vec_sl((vector unsigned __int128)a, (vector unsigned __int128)b));
        P(vec_rl((vector unsigned __int128)a, (vector unsigned __int128)b));
#endif
        for (int off = 0; off < 16; off++) {
            memset(mem, 0, sizeof mem);
            vec_xst(a, off, mem);
            vu8 l = vec_xl(off, mem);
            vu8 al = vec_ld(off, mem);
            vec_st(b, 32, mem);
            vu8 ll = vec_lvsl(off, mem);
            vu8 rr = vec_lvsr(off, mem);
            if (off == round % 16) { P(l); P(al); P(ll); P(rr); pv("mem0", mem); pv("mem16", mem + 16); pv("mem32", mem + 32); }
            vec_ste(c, off, (unsigned char *)mem);
            vec_ste((vu32)c, off * 2, (unsigned int *)mem);
            if (off == round % 16) { pv("ste0", mem); pv("ste16", mem + 16); }
#ifdef _ARCH_PWR9
            vu8 xl = vec_xl_len(mem + off, off + round % 3);
            vec_xst_len(b, mem + 40, off);
            if (off == round % 16) { P(xl); pv("xstlen", mem + 32); }
#endif
        }
    }
    return 0;
}
