#!/usr/bin/env bash
# Regenerates disasm-vectors.txt, the DisassemblerTest data: instruction words assembled with
# powerpc64le-linux-gnu-as (as .long, one section per instruction so each sits at address 0) and
# disassembled by powerpc64le-linux-gnu-objdump -d. The words are
#   - 6 random encodings of every Op (random operand fields, half of them small so that zero and
#     equal-register special cases occur; reserved bits clear): bin/jpseries-disasm --sample 6 3
#   - sweeps of the fields that select extended mnemonics: BO/BI/AA/LK of bc, BO/BI/BH/LK of
#     bclr/bcctr/bctar, SH/MB/ME of the rotates, TO of the traps, L/SC of sync, TH of dcbt/dcbtst,
#     L of dcbf, BC of isel, DM of xxpermdi, the CR logical ops, optional operands, every SPR number
#     with mfspr and mtspr, the or/ori hint no-ops, pli/pla.
# Dropped: lines objdump prints as .long, and lines where objdump fell back from the server
# dialect to POWER or Gekko mnemonics for encodings that are invalid forms in PowerISA (odd
# register pairs, update forms with RA=0 or RA=RT, lmw/lswi/lswx in 64-bit mode: objdump then
# prints lm, lsi, lsx, lu, lux, stu, psq_*, lfq*, stfq*, mbar).
# Usage: src/test/resources/org/jpseries/isa/make-disasm-vectors.sh   (from anywhere)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="$(cd "$here/../../../../../.." && pwd)"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
"$home/bin/jpseries-disasm" --sample 6 3 > "$t/words"
python3 - >> "$t/words" <<'PY'
def p(*ws):  # one instruction per line (each gets its own section at address 0); prefix and suffix together
    i = 0
    while i < len(ws):
        if ws[i] >> 26 == 1:
            print('%08x %08x' % (ws[i], ws[i + 1])); i += 2
        else:
            print('%08x' % ws[i]); i += 1
def bform(bo, bi, bd, aa, lk): return (16 << 26) | (bo << 21) | (bi << 16) | (bd & 0xfffc) | (aa << 1) | lk
for bo in range(32):
    for bi in (0, 1, 2, 3, 6, 29):
        for aa in (0, 1):
            for lk in (0, 1):
                p(bform(bo, bi, 0x40 if (bo + bi) % 2 else -0x40, aa, lk))
for xo in (16, 528, 560):
    for bo in range(32):
        for bi in (0, 2, 6):
            for bh in (0, 1, 3):
                for lk in (0, 1):
                    p((19 << 26) | (bo << 21) | (bi << 16) | (bh << 11) | (xo << 1) | lk)
p((18 << 26) | 0x100, (18 << 26) | 0x3fffff0 | 1, (18 << 26) | 0x3fffff0 | 2)
def md(xo, sh, mb, rc=0):
    return (30 << 26) | (4 << 21) | (3 << 16) | ((sh & 31) << 11) | ((((mb & 31) << 1) | (mb >> 5)) << 5) | (xo << 2) | ((sh >> 5) << 1) | rc
for xo in (0, 1, 2, 3):
    for sh in range(64):
        for mb in sorted({0, 1, 32, 63, (64 - sh) % 64, 63 - sh}):
            p(md(xo, sh, mb, sh & 1))
for op in (21, 20, 23):
    for sh in range(32):
        for mb, me in sorted({(0, 31), (0, 31 - sh), ((32 - sh) % 32, 31), (sh, 31), (0, sh), (5, 20)}):
            p((op << 26) | (4 << 21) | (3 << 16) | (sh << 11) | (mb << 6) | (me << 1) | (sh & 1))
for mb in range(64):
    p((30 << 26) | (4 << 21) | (3 << 16) | (5 << 11) | ((((mb & 31) << 1) | (mb >> 5)) << 5) | (8 << 1))
    p((30 << 26) | (4 << 21) | (3 << 16) | (5 << 11) | ((((mb & 31) << 1) | (mb >> 5)) << 5) | (9 << 1))
for to in range(32):
    p((31 << 26) | (to << 21) | (3 << 16) | (4 << 11) | (4 << 1), (3 << 26) | (to << 21) | (3 << 16) | 5)
    p((31 << 26) | (to << 21) | (3 << 16) | (4 << 11) | (68 << 1), (2 << 26) | (to << 21) | (3 << 16) | 0xfff0)
p((31 << 26) | (31 << 21) | (4 << 1))
for l in range(8):
    for sc in range(4):
        p((31 << 26) | (l << 21) | (sc << 16) | (598 << 1))
for th in range(32):
    p((31 << 26) | (th << 21) | (3 << 16) | (4 << 11) | (278 << 1), (31 << 26) | (th << 21) | (3 << 16) | (4 << 11) | (246 << 1))
for l in range(8):
    p((31 << 26) | (l << 21) | (3 << 16) | (4 << 11) | (86 << 1))
for bc in range(32):
    p((31 << 26) | (3 << 21) | (4 << 16) | (5 << 11) | (bc << 6) | (15 << 1), (31 << 26) | (3 << 21) | (5 << 11) | (bc << 6) | (15 << 1))
for dm in range(4):
    for a, b in ((1, 1), (1, 2), (33, 33), (33, 34)):
        p((60 << 26) | (3 << 21) | ((a & 31) << 16) | ((b & 31) << 11) | (dm << 8) | (10 << 3) | ((a >> 5) << 2) | ((b >> 5) << 1))
for xo in (33, 129, 193, 225, 257, 289, 417, 449):
    for bt, ba, bb in ((1, 1, 1), (1, 2, 2), (1, 2, 3), (5, 5, 5)):
        p((19 << 26) | (bt << 21) | (ba << 16) | (bb << 11) | (xo << 1))
for xo in (306, 274):
    for rs, ric, prs, r in ((0, 0, 0, 0), (4, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1), (4, 2, 1, 1)):
        p((31 << 26) | (rs << 21) | (ric << 18) | (prs << 17) | (r << 16) | (3 << 11) | (xo << 1))
for l in (0, 1):
    for w in (0, 1):
        p((63 << 26) | (l << 25) | (0xff << 17) | (w << 16) | (1 << 11) | (711 << 1), (63 << 26) | (3 << 23) | (w << 16) | (5 << 12) | (134 << 1))
for wc in range(3):
    p((31 << 26) | (wc << 21) | (30 << 1))
for ih in range(8):
    p((31 << 26) | (ih << 21) | (498 << 1))
for s in (0, 1):
    p((19 << 26) | (s << 11) | (146 << 1), (31 << 26) | (s << 21) | (654 << 1) | 1, (31 << 26) | (s << 25) | (686 << 1) | 1)
    p((31 << 26) | (3 << 21) | (s << 16) | (4 << 11) | (915 << 1), (31 << 26) | (3 << 21) | (s << 16) | (4 << 11) | (851 << 1))
    p((31 << 26) | (3 << 21) | (s << 16) | (178 << 1), (31 << 26) | (3 << 21) | (s << 16) | (146 << 1))
for lev in (0, 1, 2):
    p((17 << 26) | (lev << 5) | 2, (17 << 26) | (lev << 5) | 1)
for n in range(1024):
    spr = ((n & 31) << 5) | (n >> 5)
    p((31 << 26) | (3 << 21) | (spr << 11) | (339 << 1), (31 << 26) | (3 << 21) | (spr << 11) | (467 << 1))
for n in range(32):
    p((31 << 26) | (n << 21) | (n << 16) | (n << 11) | (444 << 1), (24 << 26) | (n << 21) | (n << 16))
p(26 << 26, (31 << 26) | (3 << 21) | (0xff << 12) | (144 << 1), (19 << 26) | (2 << 21) | 4)
for pre, suf in ((0x06000000, 0x38600005), (0x06000000, 0x38650005), (0x06100000, 0x38600005), (0x04100000, 0xe4600010), (0x07000000, 0)):
    p(pre, suf)
PY
awk '{printf ".section .text.w%d,\"ax\",@progbits\n", NR; for (i = 1; i <= NF; i++) printf ".long 0x%s\n", $i}' "$t/words" > "$t/a.s"
powerpc64le-linux-gnu-as -mpower10 -o "$t/a.o" "$t/a.s"
{
  echo "# Generated by make-disasm-vectors.sh from powerpc64le-linux-gnu-objdump $(powerpc64le-linux-gnu-objdump --version | head -1 | sed 's/.* //')."
  echo "# hexword|objdump text (\"prefix suffix|text\" for prefixed instructions), each at address 0."
  powerpc64le-linux-gnu-objdump -d "$t/a.o" | awk -F'\t' '
    /^ *[0-9a-f]+:\t/ {
      b = $2; gsub(/ /, "", b); w = substr(b,7,2) substr(b,5,2) substr(b,3,2) substr(b,1,2)
      if (NF < 3 || $3 == "") { if (have) prevw = prevw " " w; next }
      if (have) print prevw "|" prevt
      prevw = w; prevt = $3; for (i = 4; i <= NF; i++) prevt = prevt "\t" $i; have = 1
    }
    END { if (have) print prevw "|" prevt }' |
    grep -v -E '\|(\.long|lm|lsi|lsx|lu|lux|stu|stux|psq_[a-z]*|lfq[a-z]*|stfq[a-z]*|mbar) ' |
    grep -v -E '\|\.long' |
    awk '!seen[$0]++'
} > "$here/disasm-vectors.txt"
echo "wrote $(grep -vc '^#' "$here/disasm-vectors.txt") vectors to $here/disasm-vectors.txt" >&2
