package org.jpseries.cpu.jit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.insn.InstructionTable;
import org.jpseries.isa.Decoder;
import org.jpseries.isa.Encoding;
import org.jpseries.isa.Op;
import org.jpseries.memory.Page;

/**
 * Random programs for {@link JitDifferential}: instructions drawn from the decoder's table
 * ({@link Op}, only those the model implements) with operands filled field by field, branches
 * (forward conditional and unconditional, counted loops, indirect branches through LR and CTR),
 * loads and stores of every size on a small RAM area (and some that fault), stores to an
 * interrupt "device" that raises the decrementer or external interrupt in the middle of a block,
 * and random words (illegal or anything the decoder makes of them). Every program ends: the only
 * backward branches are the loops' bdnz, CTR is written nowhere inside a loop, no branch enters
 * a loop body from outside, and code is not writable.
 */
final class ProgramGenerator {
    static final long CODE = 0x10000;
    /** Where an asynchronous interrupt is "delivered": an sc the driver recognises. */
    static final long VECTOR = 0x30000;
    static final long RAM = 0x40000;
    static final int RAM_SIZE = 2 * Page.SIZE;
    /** The interrupt device (JitDifferential.Rig): a store at 0 raises the decrementer, at 8 an external interrupt. */
    static final long DEVICE = 0x80000;

    // register roles: data registers take results; the others hold addresses and counts
    static final int[] DATA = {0, 3, 4, 5, 6, 7, 8, 9};
    static final int BASE = 10, BASE2 = 11, INDEX = 12, COUNT = 13, LINK = 14, DEVICE_REG = 15;

    static final String[] ALU = {"ADD", "ADDE", "ADDC", "ADDI", "ADDIC", "ADDIC_DOT", "ADDIS", "SUBF", "SUBFC", "SUBFE",
        "SUBFIC", "ADDZE", "ADDME", "SUBFZE", "SUBFME", "NEG", "MULLD", "MULLW", "MULHD", "MULHW", "MULHDU", "MULHWU",
        "MULLI", "DIVD", "DIVW", "DIVDU", "DIVWU", "MODSD", "MODUW", "EXTSW", "EXTSH", "EXTSB", "CNTLZW", "CNTLZD",
        "CNTTZD", "POPCNTD", "POPCNTW", "ADDEX"};
    static final String[] LOGICAL = {"AND", "OR", "XOR", "NAND", "NOR", "ANDC", "ORC", "EQV", "ORI", "ORIS", "XORI",
        "XORIS", "ANDI_DOT", "ANDIS_DOT", "CMPB"};
    static final String[] ROTATE = {"RLWINM", "RLWIMI", "RLWNM", "RLDICL", "RLDICR", "RLDIC", "RLDIMI", "RLDCL", "RLDCR",
        "SLD", "SRD", "SRAD", "SRAWI", "SRADI", "SLW", "SRW", "SRAW", "EXTSWSLI"};
    static final String[] COMPARE = {"CMP", "CMPI", "CMPL", "CMPLI", "ISEL", "SETB", "MFCR", "MTCRF", "MTOCRF", "MFOCRF",
        "MCRF", "CRAND", "CROR", "CRXOR", "CRNAND", "CRNOR", "CRANDC", "CREQV", "CRORC", "MCRXRX", "CMPRB", "CMPEQB"};
    static final String[] MEMORY = {"LBZ", "LBZU", "LBZX", "LHZ", "LHA", "LHZU", "LHAX", "LWZ", "LWZU", "LWZX", "LWA",
        "LWAX", "LD", "LDU", "LDX", "STB", "STBU", "STBX", "STH", "STHU", "STHX", "STW", "STWU", "STWX", "STD", "STDU",
        "STDX", "LHBRX", "LWBRX", "LDBRX", "STHBRX", "STWBRX", "STDBRX", "LMW", "STMW", "LWARX", "STWCX_DOT", "LDARX",
        "STDCX_DOT", "LBARX", "STBCX_DOT", "DCBZ", "LSWI", "STSWI"};
    static final String[] FLOAT = {"LFD", "LFS", "LFDX", "LFDU", "STFD", "STFS", "STFDX", "STFIWX", "FADD", "FSUB",
        "FMUL", "FDIV", "FMADD", "FMSUB", "FMR", "FNEG", "FABS", "FNABS", "FCPSGN", "FCMPU", "FCMPO", "FCTIWZ", "FCTID",
        "FCFID", "FRSP", "FSEL", "MFFS", "MTFSF", "MTFSFI", "MTFSB0", "MTFSB1", "FADDS", "FMULS"};
    static final String[] VSX = {"XXLOR", "XXLXOR", "XXLAND", "XXLANDC", "XXPERMDI", "XXSEL", "XXSPLTW", "XXMRGHW",
        "MTVSRD", "MFVSRD", "MTVSRWZ", "MFVSRWZ", "MTVSRDD", "MFVSRLD", "LXVD2X", "STXVD2X", "LXVW4X", "STXVW4X", "LXV",
        "STXV", "LXSD", "STXSD", "LXSIWZX", "STXSIWX", "XXBRD", "XSADDDP", "XSMULDP"};

    /**
     * Ops a random word must not decode to: they could loop (a CTR write), wait for ever, or give
     * each run its own value (darn's random numbers; the time base is frozen by the rig).
     */
    static final List<String> UNSAFE_RANDOM = List.of("MTSPR", "WAIT", "STOP", "DARN");

    static final long[] INTS = {0, 1, -1, 2, 0x7FFF_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0000L, 0xFFFF_FFFFL, 0x8000_0000L,
        0x7FFF_FFFFL, 0x1_0000_0000L, 0xFFFF_FFFF_0000_0000L, 0x8000, 0xFFFF};
    static final long[] DOUBLES = {0L, 0x8000_0000_0000_0000L, Double.doubleToRawLongBits(1.0), Double.doubleToRawLongBits(-1.5),
        0x7FF8_0000_0000_0000L, 0x7FF4_0000_0000_0000L, 0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L, 1L,
        Double.doubleToRawLongBits(Double.MAX_VALUE), Double.doubleToRawLongBits(9007199254740993.0),
        Double.doubleToRawLongBits(-2147483648.5), Double.doubleToRawLongBits(3.0e9)};

    private final CpuModel model;
    private final Op[][] groups;
    private final Op[] wide;

    ProgramGenerator(CpuModel model) {
        this.model = model;
        InstructionTable table = InstructionTable.forModel(model);
        String[][] names = {ALU, LOGICAL, ROTATE, COMPARE, MEMORY, FLOAT, VSX};
        groups = new Op[names.length][];
        for (int g = 0; g < names.length; g++) {
            List<Op> ops = new ArrayList<>();
            for (String n : names[g]) {
                Op op;
                try {
                    op = Op.valueOf(n);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("no op " + n + " in the decoder's table");
                }
                if (usable(op, table)) ops.add(op);
            }
            groups[g] = ops.toArray(Op[]::new);
        }
        List<Op> all = new ArrayList<>();
        for (Op op : Op.values()) if (usable(op, table) && !UNSAFE_RANDOM.contains(op.name())) all.add(op);
        wide = all.toArray(Op[]::new);
    }

    private boolean usable(Op op, InstructionTable table) {
        if (op.encoding.prefixed() || !model.implementsIsa(op.level.version) || !table.implemented(op)) return false;
        int primary = op.encoding.value(0) >>> 26;
        return primary < 16 || primary > 19; // branches and their form are the generator's own
    }

    /** State the generator tracks while it lays out a program. */
    private final class Layout {
        final Choices ch;
        final List<Integer> words = new ArrayList<>();
        /** The words of each loop and indirect-branch template (see FuzzProgram#templates). */
        final List<int[]> templates = new ArrayList<>();
        /** Branches to resolve once the end is known: index, kind, the loop it is in (or -1). */
        final List<int[]> branches = new ArrayList<>();
        /** Loop bodies as [first, bdnz]. */
        final List<int[]> loops = new ArrayList<>();
        /** Where no branch from outside may land, as [first, last]: loop bodies and the inside of indirect-branch templates. */
        final List<int[]> closed = new ArrayList<>();
        int loopStart = -1;

        Layout(Choices ch) {
            this.ch = ch;
        }

        void emit(int w) {
            words.add(w);
        }

        /** Emits a word of a template; returns its index. */
        int emitFixed(int w) {
            words.add(w);
            return words.size() - 1;
        }
    }

    static final int BR_COND = 0, BR_UNCOND = 1, BR_INDIRECT = 2;

    FuzzProgram generate(String origin, Choices ch) {
        Layout l = new Layout(ch);
        int items = 6 + ch.below(60);
        for (int k = 0; k < items; k++) item(l, false);
        int end = l.words.size();
        l.emit(org.jpseries.cpu.BareCpu.SC); // the end
        resolveBranches(l, end);
        int[] words = l.words.stream().mapToInt(Integer::intValue).toArray();

        long msr = Cpu.MSR_PR | Cpu.MSR_EE | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX;
        if (!ch.chance(20)) msr |= Cpu.MSR_SF;
        if (ch.chance(50)) msr |= Cpu.MSR_LE;
        long[] gpr = new long[32];
        for (int r = 0; r < 32; r++) gpr[r] = value(ch);
        gpr[BASE] = RAM;
        gpr[BASE2] = RAM + 256;
        gpr[INDEX] = 8L * ch.below(64) + (ch.chance(10) ? ch.below(8) : 0);
        gpr[COUNT] = 0;
        gpr[LINK] = 0;
        gpr[DEVICE_REG] = DEVICE;
        long[] vsr = new long[128];
        for (int i = 0; i < 128; i++) vsr[i] = i < 64 && i % 2 == 0 ? ch.pick(DOUBLES) : value(ch);
        int xer = ch.below(32);
        long ctr = ch.chance(50) ? ch.below(4) : ch.bits();
        long fpscr = ch.below(256) & ~0x80L; // RN, NI and the enables; FEX/VX are summaries
        byte[] ram = new byte[RAM_SIZE];
        for (int i = 0; i < ram.length; i += 8) {
            long v = ch.chance(30) ? ch.pick(DOUBLES) : ch.bits();
            for (int b = 0; b < 8; b++) ram[i + b] = (byte) (v >>> (8 * b));
        }
        return new FuzzProgram(origin, model, msr, words, List.copyOf(l.templates), gpr, vsr, (int) ch.bits(), xer, ctr, ch.bits(), fpscr, ram);
    }

    private long value(Choices ch) {
        return switch (ch.below(4)) {
            case 0, 1 -> ch.pick(INTS);
            case 2 -> ch.below(512) - 256;
            default -> ch.bits();
        };
    }

    /** One item: an instruction, or a template (loop, indirect branch, device access). */
    private void item(Layout l, boolean inLoop) {
        Choices ch = l.ch;
        int r = ch.below(100);
        if (r < 8) l.emit(encode(ch.pick(groups[0]), ch));
        else if (r < 12) carryChain(l);
        else if (r < 22) l.emit(encode(ch.pick(groups[1]), ch));
        else if (r < 34) l.emit(encode(ch.pick(groups[2]), ch));
        else if (r < 44) l.emit(encode(ch.pick(groups[3]), ch));
        else if (r < 62) l.emit(encode(ch.pick(groups[4]), ch));
        else if (r < 70) l.emit(encode(ch.pick(groups[5]), ch));
        else if (r < 77) l.emit(encode(ch.pick(groups[6]), ch));
        else if (r < 84) {
            l.branches.add(new int[] {l.words.size(), ch.chance(70) ? BR_COND : BR_UNCOND, inLoop ? l.loopStart : -1});
            l.emit(0); // resolved at the end
        } else if (r < 87) {
            l.emit(deviceAccess(ch));
        } else if (r < 91) {
            l.emit(randomWord(ch));
        } else if (r < 93) {
            l.emit(sprMove(ch));
        } else if (r < 97 && !inLoop) {
            loop(l);
        } else if (!inLoop) {
            indirect(l);
        } else {
            l.emit(encode(ch.pick(groups[0]), ch));
        }
    }

    /** XO-form extended opcodes of the adds and subtracts that read or set CA. */
    static final int[] CARRYING = {10, 138, 202, 234, 8, 136, 200, 232}; // addc adde addze addme subfc subfe subfze subfme

    /**
     * Multi-word arithmetic: one to three adds/subtracts with carry on the same two registers,
     * the second often the complement of the first (nor), so that a sum of all ones meets a carry
     * in, as with all-ones limbs (the case a carry chain gets wrong most easily).
     */
    private void carryChain(Layout l) {
        Choices ch = l.ch;
        int a = ch.pick(boxed(DATA)), b = ch.pick(boxed(DATA));
        if (ch.chance(60)) l.emit(31 << 26 | a << 21 | b << 16 | a << 11 | 124 << 1); // nor b,a,a
        for (int n = 1 + ch.below(3); n > 0; n--) {
            int xo = CARRYING[ch.below(CARRYING.length)];
            l.emit(31 << 26 | ch.pick(boxed(DATA)) << 21 | a << 16 | b << 11 | ch.below(2) << 10 | xo << 1 | ch.below(2));
        }
    }

    /** li r13,n; mtctr r13; body; bdnz-like back to the body (any CTR-decrementing BO). */
    private void loop(Layout l) {
        Choices ch = l.ch;
        int li = l.emitFixed(14 << 26 | COUNT << 21 | 1 + ch.below(6)); // addi r13,0,n
        int mtctr = l.emitFixed(mtspr(9, COUNT));
        int first = l.words.size();
        l.loopStart = l.loops.size();
        l.loops.add(new int[] {first, -1});
        int n = 1 + ch.below(10);
        for (int k = 0; k < n; k++) item(l, true);
        int at = l.words.size();
        int bo = (ch.pick(new Integer[] {16, 0, 8, 18, 2, 10})) | (ch.chance(20) ? 1 : 0);
        l.emitFixed(16 << 26 | bo << 21 | ch.below(32) << 16 | ((first - at) * 4 & 0xFFFC));
        l.templates.add(new int[] {li, mtctr, at});
        l.loops.get(l.loopStart)[1] = at;
        l.closed.add(new int[] {first - 1, at}); // entered at the mtctr, CTR would hold r13's old value
        l.loopStart = -1;
    }

    /** bcl 20,31,+4; mflr r14; addi r14,r14,DISP; mtlr/mtctr r14; bclr/bcctr BO,BI (resolved). */
    private void indirect(Layout l) {
        Choices ch = l.ch;
        int first = l.words.size();
        l.closed.add(new int[] {first + 1, first + 4}); // entered past the bcl, mflr would read a stale LR
        l.emitFixed(16 << 26 | 20 << 21 | 31 << 16 | 4 | 1);
        l.emitFixed(31 << 26 | LINK << 21 | spr(8) << 11 | 339 << 1);
        l.branches.add(new int[] {l.words.size(), BR_INDIRECT, -1});
        l.emitFixed(0); // addi r14,r14,DISP
        boolean ctr = l.ch.chance(50);
        l.emitFixed(mtspr(ctr ? 9 : 8, LINK));
        int bo = nonDecrementingBo(ch);
        l.emitFixed(19 << 26 | bo << 21 | ch.below(32) << 16 | (ctr ? 528 : 16) << 1 | ch.below(2));
        l.templates.add(new int[] {first, first + 1, first + 2, first + 3, first + 4});
    }

    private static int nonDecrementingBo(Choices ch) {
        return ch.pick(new Integer[] {4, 5, 6, 7, 12, 13, 14, 15, 20, 20, 20});
    }

    private static int spr(int n) {
        return (n & 0x1F) << 5 | n >>> 5;
    }

    private static int mtspr(int n, int rs) {
        return 31 << 26 | rs << 21 | spr(n) << 11 | 467 << 1;
    }

    /** mfspr of XER, LR or CTR, or mtspr XER. */
    private int sprMove(Choices ch) {
        if (ch.chance(30)) return mtspr(1, ch.pick(boxed(DATA)));
        int n = ch.pick(new Integer[] {1, 8, 9});
        return 31 << 26 | ch.pick(boxed(DATA)) << 21 | spr(n) << 11 | 339 << 1;
    }

    /** A store to the interrupt device (raises an interrupt mid-block) or a load from it. */
    private int deviceAccess(Choices ch) {
        int rs = ch.pick(boxed(DATA));
        return switch (ch.below(4)) {
            case 0 -> 36 << 26 | rs << 21 | DEVICE_REG << 16;      // stw rs,0(r15): decrementer
            case 1 -> 38 << 26 | rs << 21 | DEVICE_REG << 16 | 8;  // stb rs,8(r15): external
            case 2 -> 32 << 26 | rs << 21 | DEVICE_REG << 16 | 16; // lwz rt,16(r15)
            default -> 58 << 26 | rs << 21 | DEVICE_REG << 16 | 24; // ld rt,24(r15)
        };
    }

    /** A random word: illegal, or whatever the decoder makes of it (a reserved form, a privileged op). */
    private int randomWord(Choices ch) {
        for (int k = 0; k < 8; k++) {
            int w = (int) ch.bits();
            if (ch.chance(30)) w = encode(ch.pick(wide), ch);
            int primary = w >>> 26;
            if ((primary >= 16 && primary <= 19) || Decoder.isPrefix(w)) continue;
            Op op = Decoder.decode(w);
            if (op != null && UNSAFE_RANDOM.contains(op.name())) continue;
            return w;
        }
        return 0; // illegal
    }

    private static Integer[] boxed(int[] a) {
        return java.util.Arrays.stream(a).boxed().toArray(Integer[]::new);
    }

    /** The op's constant bits with each operand field filled by its role. */
    int encode(Op op, Choices ch) {
        Encoding e = op.encoding;
        int w = e.value(0);
        boolean memory = isMemory(op);
        boolean update = memory && op.name().matches("L.*U|ST.*U|LFDU");
        for (Map.Entry<String, List<Encoding.Part>> f : e.fields().entrySet()) {
            String name = f.getKey();
            int width = 0;
            for (Encoding.Part p : f.getValue()) width += p.width();
            long v = operand(name, width, memory, update, op, ch);
            w = put(w, f.getValue(), v);
        }
        return w;
    }

    private static boolean isMemory(Op op) {
        String n = op.name();
        return n.matches("(L|ST)[A-Z]*(X|U|UX|_DOT)?|DCBZ|LXV.*|STXV.*|LXS.*|STXS.*|LMW|STMW|LSWI|STSWI")
                && op.mnemonics.contains("RA") && !n.startsWith("LI");
    }

    private long operand(String name, int width, boolean memory, boolean update, Op op, Choices ch) {
        long any = ch.bits() & ((1L << width) - 1);
        return switch (name) {
            case "RT", "RS" -> op.name().equals("LMW") || op.name().equals("STMW") ? 24 + ch.below(8) : ch.pick(boxed(DATA));
            case "RA" -> {
                if (!memory) yield ch.pick(boxed(DATA));
                if (ch.chance(6)) yield ch.pick(boxed(DATA)); // a wild address: mostly a fault
                yield update || ch.chance(80) ? (ch.chance(50) ? BASE : BASE2) : 0;
            }
            case "RB" -> memory ? (ch.chance(85) ? INDEX : ch.pick(boxed(DATA))) : ch.pick(boxed(DATA));
            case "D" -> memory ? (ch.chance(5) ? any : ch.below(240) - 40) & 0xFFFF : ch.chance(50) ? ch.below(64) - 32 & 0xFFFF : any;
            case "DS" -> memory ? (ch.below(60) - 10) & 0x3FFF : any;
            case "DQ" -> memory ? (ch.below(14) - 2) & 0xFFF : any;
            case "SI", "UI" -> ch.chance(40) ? ch.below(64) - 32 & 0xFFFF : any;
            case "FRT", "FRS", "FRA", "FRB", "FRC", "T", "S", "A", "B", "C", "VRT", "VRS" -> ch.below(8);
            case "EH", "CY" -> 0;
            case "NB" -> ch.below(16);
            default -> any;
        };
    }

    private static int put(int w, List<Encoding.Part> parts, long v) {
        int total = 0;
        for (Encoding.Part p : parts) total += p.width();
        for (Encoding.Part p : parts) {
            total -= p.width();
            int bits = (int) (v >>> total) & ((1 << p.width()) - 1);
            int shift = 32 - p.start() - p.width();
            w = w & ~(((1 << p.width()) - 1) << shift) | bits << shift;
        }
        return w;
    }

    private void resolveBranches(Layout l, int end) {
        Choices ch = l.ch;
        for (int[] b : l.branches) {
            int at = b[0];
            int lo = b[1] == BR_INDIRECT ? at + 3 : at + 1; // an indirect branch lands past its own bcctr/bclr
            int hi = b[2] >= 0 ? l.loops.get(b[2])[1] + 1 : end;
            List<Integer> targets = new ArrayList<>();
            for (int t = lo; t <= hi; t++) if (b[2] >= 0 || !closed(l, t)) targets.add(t);
            int t = targets.isEmpty() ? end : targets.get(ch.below(targets.size()));
            int disp = (t - at) * 4;
            int w = switch (b[1]) {
                case BR_COND -> {
                    int bo = b[2] >= 0 || ch.chance(50) ? nonDecrementingBo(ch) : ch.pick(new Integer[] {0, 2, 8, 10, 16, 18});
                    yield 16 << 26 | bo << 21 | ch.below(32) << 16 | disp & 0xFFFC | ch.below(2);
                }
                case BR_UNCOND -> ch.chance(3) ? 18 << 26 | 0x100 | 2 // ba 0x100: an instruction storage interrupt
                        : 18 << 26 | disp & 0x3FFFFFC | ch.below(2);
                default -> 14 << 26 | LINK << 21 | LINK << 16 | ((t - (at - 1)) * 4 & 0xFFFF); // from the mflr's address
            };
            l.words.set(at, w);
        }
    }

    private static boolean closed(Layout l, int t) {
        for (int[] range : l.closed) if (t >= range[0] && t <= range[1]) return true;
        return false;
    }
}
