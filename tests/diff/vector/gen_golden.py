#!/usr/bin/env python3
"""Records qemu-ppc64le's results for the vector instructions in templates.txt.

For every template it runs SETS input sets (random, with bytes biased towards 00/01/7f/80/ff
and with some equal operands) through a static test program under qemu-ppc64le -cpu power10 and
writes golden.txt, one line per run:

  WORDS | T A B C (VR0..VR3 before, hi:lo hex) G5 G6 | VR0 VSCR CR R7 (after)

VmxGoldenTest replays every line on jpseries' interpreter (-Djpseries.golden=FILE replays another
file). Usage: gen_golden.py [SETS [OUTPUT [SEED]]]
"""
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "golden.txt")
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 20261125
CROSS = "powerpc64le-linux-gnu-"


def templates():
    out = []
    for line in open(os.path.join(HERE, "templates.txt")):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def words(insns, tmp):
    src = os.path.join(tmp, "t.s")
    with open(src, "w") as f:
        for i, s in enumerate(insns):
            f.write(f".balign 16\nL{i}: {s}\n")
    obj = os.path.join(tmp, "t.o")
    subprocess.run([CROSS + "as", "-mpower10", "-o", obj, src], check=True)
    dump = subprocess.run([CROSS + "objdump", "-d", "-t", obj], check=True, capture_output=True, text=True).stdout
    code = {}
    for line in dump.splitlines():
        m = re.match(r"\s+([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)", line)
        if m:
            addr = int(m.group(1), 16)
            bs = bytes.fromhex(m.group(2).replace(" ", ""))
            for k in range(0, len(bs), 4):
                code[addr + k] = int.from_bytes(bs[k:k + 4], "little")
    res = []
    for i, s in enumerate(insns):
        # every word up to the next template, less the alignment padding (nops)
        w = [code[a] for a in range(16 * i, 16 * (i + 1), 4) if a in code]
        while len(w) > 1 and w[-1] == 0x60000000:
            w.pop()
        res.append(w)
    return res


SPECIAL = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10]


def rnd_dword(r):
    style = r.randrange(4)
    if style == 0:
        return r.getrandbits(64)
    if style == 1:
        return int.from_bytes(bytes(r.choice(SPECIAL) if r.random() < 0.7 else r.getrandbits(8) for _ in range(8)), "big")
    if style == 2:
        return int.from_bytes(bytes(r.getrandbits(3) for _ in range(8)), "big")
    return r.getrandbits(64) & r.getrandbits(64)


def rnd_vec(r):
    return [rnd_dword(r), rnd_dword(r)]


def bcd(r):
    """A signed packed decimal value: up to 31 digits and a sign code, now and then invalid."""
    n = r.choice([0, 1, 3, 8, 15, 16, 20, 31, 31])
    v = 0
    for k in range(n):
        v |= r.randrange(10) << (4 * (k + 1))
    v |= r.choice([0xC, 0xD, 0xC, 0xD, 0xA, 0xB, 0xE, 0xF])
    if r.random() < 0.08:
        v ^= 0xA << (4 * r.randrange(32))
    return [v >> 64, v & (2**64 - 1)]


def zoned(r, ps):
    lead = 0xF if ps else 0x3
    v = 0
    for k in range(16):
        v |= ((lead << 4) | r.randrange(10)) << (8 * k)
    sign = r.choice([0xC, 0xD, 0xB, 0xF, 0x3, 0x7] if ps else [0x3, 0x7, 0x5, 0x6])
    v = (v & ~0xF0) | (sign << 4)
    if r.random() < 0.08:
        v ^= 0x40 << (8 * r.randrange(16))
    return [v >> 64, v & (2**64 - 1)]


def national(r):
    v = 0
    for k in range(1, 8):
        v |= (0x30 + r.randrange(10)) << (16 * k)
    v |= r.choice([0x2B, 0x2D, 0x2B, 0x2D, 0x20])
    return [v >> 64, v & (2**64 - 1)]


def special_inputs(r, name, t, a, b, c):
    """Operands a decimal instruction can use: valid packed, zoned or national decimal values."""
    if not name.startswith("bcd"):
        return t, a, b, c
    a, b = bcd(r), bcd(r)
    if name.startswith("bcdcfz"):
        b = zoned(r, name.endswith(",1"))
    elif name.startswith("bcdcfn"):
        b = national(r)
    elif name.startswith("bcdcfsq"):
        x = r.choice([0, 1, 12345, 10**31 - 1, 10**31, r.getrandbits(100), r.getrandbits(127)])
        x = -x if r.random() < 0.5 else x
        x &= 2**128 - 1
        b = [x >> 64, x & (2**64 - 1)]
    elif name.startswith(("bcdus.", "bcdutrunc.")):
        x = 0
        for k in range(r.choice([0, 1, 5, 16, 20, 32])):
            x |= r.randrange(10) << (4 * k)
        if r.random() < 0.08:
            x |= 0xC
        b = [x >> 64, x & (2**64 - 1)]
        a = [r.randrange(-40, 41) & 0xFF, 0] if name.startswith("bcdus.") else [r.randrange(-3, 36) & 0xFFFF, 0]
    elif name.startswith(("bcds.", "bcdsr.")):
        a = [r.randrange(-40, 41) & 0xFF, 0]
    elif name.startswith("bcdtrunc"):
        a = [r.randrange(-3, 35) & 0xFFFF, 0]
    return t, a, b, c


def inputs(r):
    t, a, b, c = rnd_vec(r), rnd_vec(r), rnd_vec(r), rnd_vec(r)
    if r.random() < 0.15:
        b = list(a)
    if r.random() < 0.1:
        b[0] = a[0]
    g5 = r.getrandbits(64) if r.random() < 0.3 else r.randrange(40)
    g6 = r.getrandbits(64)
    return t, a, b, c, g5, g6


def main():
    insns = templates()
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        ws = words(insns, tmp)
        prog = ["#include <stdio.h>", "#include <stdint.h>", "#include <signal.h>", "#include <setjmp.h>",
                "typedef uint64_t u64;", "static sigjmp_buf jb;",
                "static void on_ill(int s) { (void)s; siglongjmp(jb, 1); }",
                "static u64 in[16] __attribute__((aligned(16)));",
                "static u64 o[6] __attribute__((aligned(16)));"]
        runs = []
        for i, s in enumerate(insns):
            prog.append(f"static void f{i}(void) {{ asm volatile(")
            prog.append('"lvx 0,0,%0\\n lvx 1,0,%1\\n lvx 2,0,%2\\n lvx 3,0,%3\\n vxor 4,4,4\\n mtvscr 4\\n'
                        ' li 9,0\\n mtcrf 255,9\\n ld 5,0(%4)\\n ld 6,8(%4)\\n li 7,0\\n'
                        f' {s}\\n'
                        ' stvx 0,0,%5\\n mfvscr 4\\n stvx 4,0,%6\\n mfcr 9\\n std 9,0(%7)\\n std 7,8(%7)\\n"')
            prog.append(' :: "r"(in), "r"(in+2), "r"(in+4), "r"(in+6), "b"(in+8), "r"(o), "r"(o+2), "b"(o+4)'
                        ' : "v0","v1","v2","v3","v4","vs0","vs1","vs2","r5","r6","r7","r9","cr0","cr1","cr2","cr3","cr4","cr5","cr6","cr7","memory"); }')
            for k in range(SETS):
                t, a, b, c, g5, g6 = inputs(rng)
                t, a, b, c = special_inputs(rng, s, t, a, b, c)
                runs.append((i, (t, a, b, c, g5, g6)))
        prog.append("static const u64 data[][10] = {")
        for i, (t, a, b, c, g5, g6) in runs:
            # lvx in little-endian mode: doubleword 1 at the lower address
            prog.append("{%s}," % ",".join("0x%xULL" % x for x in (t[1], t[0], a[1], a[0], b[1], b[0], c[1], c[0], g5, g6)))
        prog.append("};")
        prog.append("static const int which[] = {" + ",".join(str(i) for i, _ in runs) + "};")
        prog.append("typedef void (*fn)(void);")
        prog.append("static const fn fns[] = {" + ",".join(f"f{i}" for i in range(len(insns))) + "};")
        prog.append("int main(void) { signal(SIGILL, on_ill); for (unsigned k = 0; k < sizeof which / sizeof which[0]; k++) {")
        prog.append(" for (int j = 0; j < 10; j++) in[j] = data[k][j];")
        prog.append(' if (sigsetjmp(jb, 1)) { printf("SIGILL\\n"); continue; } fns[which[k]]();')
        prog.append(' printf("%016llx%016llx %08llx %08llx %016llx\\n", (unsigned long long)o[1], (unsigned long long)o[0],'
                    ' (unsigned long long)(o[2] & 0xffffffff), (unsigned long long)(o[4] & 0xffffffff), (unsigned long long)o[5]); }')
        prog.append(" return 0; }")
        c = os.path.join(tmp, "g.c")
        with open(c, "w") as f:
            f.write("\n".join(prog) + "\n")
        exe = os.path.join(tmp, "g")
        subprocess.run([CROSS + "gcc", "-O1", "-mcpu=power10", "-static", "-o", exe, c], check=True)
        out = subprocess.run(["qemu-ppc64le", "-cpu", "power10", exe], check=True, capture_output=True, text=True).stdout.split("\n")
        with open(OUT, "w") as f:
            f.write("# generated by gen_golden.py from qemu-ppc64le -cpu power10; see VmxGoldenTest\n")
            for n, (i, (t, a, b, c, g5, g6)) in enumerate(runs):
                vec = lambda v: "%016x%016x" % (v[0], v[1])
                f.write("%s | %s | %s %s %s %s %016x %016x | %s\n" % (
                    " ".join("%08x" % w for w in ws[i]), insns[i], vec(t), vec(a), vec(b), vec(c), g5, g6, out[n]))


if __name__ == "__main__":
    main()
