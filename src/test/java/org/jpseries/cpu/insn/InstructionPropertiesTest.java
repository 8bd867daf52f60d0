package org.jpseries.cpu.insn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuEnvironment;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.Semantics;
import org.jpseries.cpu.arch.GuestInterrupt;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.supervisor.SystemCode;
import org.jpseries.isa.Decoder;
import org.jpseries.isa.Effects;
import org.jpseries.isa.Effects.Register;
import org.jpseries.isa.Op;
import org.jpseries.memory.Page;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-written {@code t.on(...)} bindings against isa/properties.csv: each implemented instruction, run
 * alone on random state (random words of its encoding, registers that are random, small or
 * addresses in guest RAM), writes no GPR, CR field, XER bit, LR, CTR, TAR, FPSCR, VSCR, MSR or SPR
 * its row does not declare, reads none it does not declare (the result is the same when those are
 * changed), stores nothing unless declared and no more bytes than its size, leaves nip = cia + size
 * unless it ends a block or traps, and traps as its privilege and facility flags say.
 */
class InstructionPropertiesTest {
    /**
     * Guest RAM the random addresses reach: base-like values BASE + [0, 16 KiB) plus small values
     * [0, 1 KiB) plus a 16-bit displacement. Stores are looked for here; it holds random bytes.
     */
    static final long BASE = 0x100000, WINDOW = BASE - 0x8000, PC = 0x2000;
    static final int WINDOW_SIZE = (0x8000 + 0x4000 + 0x400 + 0x8000 + 0x40 + Page.SIZE - 1) & -Page.SIZE;
    static final int RUNS = Integer.getInteger("jpseries.properties.runs", 6);

    @Test
    void implementedInstructionsDoWhatTheirPropertiesSay() {
        List<String> failures = new ArrayList<>();
        for (CpuModel m : CpuModel.values()) {
            Checker c = new Checker(m, failures);
            c.run();
            System.out.printf("%s: %d instructions checked, %d runs without an interrupt; %d instructions interrupted in every run %s%n",
                    m.displayName, c.ops, c.completed, c.unchecked.size(), c.unchecked);
            List<String> never = c.neverWritten();
            System.out.printf("%s: %d instructions with a declared write no run made: %s%n", m.displayName, never.size(), never);
            System.out.printf("%s: %d loads' access size measured%n", m.displayName, c.loadsMeasured);
        }
        assertTrue(failures.isEmpty(), failures.size() + " disagreements with isa/properties.csv:\n"
                + String.join("\n", failures.subList(0, Math.min(failures.size(), 200))));
    }

    /** The registers the check compares, captured from a Cpu. */
    static final class State {
        final long[] gpr = new long[32];
        final long[] vsr = new long[128];
        final long[] spr = new long[1024];
        int cr, xerCount, vscr;
        boolean so, ov, ov32, ca, ca32;
        long lr, ctr, tar, fpscr, msr, vrsave, dscr, ppr;
        long reserveAddr, reserveValue, reserveValue2;
        int reserveLength;

        static State of(Cpu c) {
            State s = new State();
            System.arraycopy(c.gpr, 0, s.gpr, 0, 32);
            System.arraycopy(c.vsr, 0, s.vsr, 0, 128);
            System.arraycopy(c.sys.spr, 0, s.spr, 0, 1024);
            s.cr = c.cr;
            s.so = c.so;
            s.ov = c.ov;
            s.ov32 = c.ov32;
            s.ca = c.ca;
            s.ca32 = c.ca32;
            s.xerCount = c.xerCount;
            s.lr = c.lr;
            s.ctr = c.ctr;
            s.tar = c.tar;
            s.fpscr = c.fpscr;
            s.vscr = c.vscr;
            s.msr = c.msr;
            s.vrsave = c.vrsave;
            s.dscr = c.dscr;
            s.ppr = c.ppr;
            s.reserveAddr = c.reserveAddr;
            s.reserveLength = c.reserveLength;
            s.reserveValue = c.reserveValue;
            s.reserveValue2 = c.reserveValue2;
            return s;
        }

        State copy() {
            State s = new State();
            System.arraycopy(gpr, 0, s.gpr, 0, 32);
            System.arraycopy(vsr, 0, s.vsr, 0, 128);
            System.arraycopy(spr, 0, s.spr, 0, 1024);
            s.cr = cr;
            s.so = so;
            s.ov = ov;
            s.ov32 = ov32;
            s.ca = ca;
            s.ca32 = ca32;
            s.xerCount = xerCount;
            s.lr = lr;
            s.ctr = ctr;
            s.tar = tar;
            s.fpscr = fpscr;
            s.vscr = vscr;
            s.msr = msr;
            s.vrsave = vrsave;
            s.dscr = dscr;
            s.ppr = ppr;
            s.reserveAddr = reserveAddr;
            s.reserveLength = reserveLength;
            s.reserveValue = reserveValue;
            s.reserveValue2 = reserveValue2;
            return s;
        }

        void load(Cpu c) {
            System.arraycopy(gpr, 0, c.gpr, 0, 32);
            System.arraycopy(vsr, 0, c.vsr, 0, 128);
            System.arraycopy(spr, 0, c.sys.spr, 0, 1024);
            c.cr = cr;
            c.so = so;
            c.ov = ov;
            c.ov32 = ov32;
            c.ca = ca;
            c.ca32 = ca32;
            c.xerCount = xerCount;
            c.lr = lr;
            c.ctr = ctr;
            c.tar = tar;
            c.fpscr = fpscr;
            c.vscr = vscr;
            c.writeMsr(msr);
            c.vrsave = vrsave;
            c.dscr = dscr;
            c.ppr = ppr;
            c.reserveAddr = reserveAddr;
            c.reserveLength = reserveLength;
            c.reserveValue = reserveValue;
            c.reserveValue2 = reserveValue2;
        }

        /** The locations that differ from {@code o}, as property tokens ("GPR5", "CR3", "CA", "SPR 26"). */
        List<String> diff(State o) {
            List<String> d = new ArrayList<>();
            for (int i = 0; i < 32; i++) if (gpr[i] != o.gpr[i]) d.add("GPR" + i);
            for (int f = 0; f < 8; f++) if (((cr ^ o.cr) >>> (28 - 4 * f) & 0xF) != 0) d.add("CR" + f);
            if (so != o.so) d.add("SO");
            if (ov != o.ov || ov32 != o.ov32) d.add("OV");
            if (ca != o.ca || ca32 != o.ca32) d.add("CA");
            if (xerCount != o.xerCount) d.add("XERCNT");
            if (lr != o.lr) d.add("LR");
            if (ctr != o.ctr) d.add("CTR");
            if (tar != o.tar) d.add("TAR");
            if (fpscr != o.fpscr) d.add("FPSCR");
            if (vscr != o.vscr) d.add("VSCR");
            if (msr != o.msr) d.add("MSR");
            if (vrsave != o.vrsave || dscr != o.dscr || ppr != o.ppr) d.add("SPR");
            for (int i = 0; i < 1024; i++) if (spr[i] != o.spr[i]) d.add("SPR " + i);
            return d;
        }
    }

    /** What one execution did. */
    record Outcome(State after, GuestInterrupt interrupt, boolean systemCall, long nip, Throwable hostError, byte[] memory,
            boolean writeOutsideWindow) {
        String what() {
            if (hostError != null) return "host " + hostError;
            if (systemCall) return "system call";
            if (interrupt != null) return interrupt.kind + "/" + Long.toHexString(interrupt.detail);
            return "nip " + Long.toHexString(nip);
        }
    }

    /** Runs every implemented instruction of one model on random states and records disagreements. */
    static final class Checker implements CpuEnvironment {
        final CpuModel model;
        final List<String> failures;
        final SystemCode sys;
        final Cpu cpu;
        final InstructionTable table;
        final Random rnd;
        final byte[] window = new byte[WINDOW_SIZE];
        /** Other bytes for the window, to see whether an instruction declared not to load reads it. */
        final byte[] other = new byte[WINDOW_SIZE];
        boolean systemCalled;
        int ops, completed, loadsMeasured;
        /** Loads whose access size was measured (once per instruction). */
        final java.util.Set<Op> measured = new java.util.HashSet<>();
        /** Per op: declared writes of completed runs, and the writes seen (GPR mask, CR field mask, register mask). */
        final Map<Op, int[]> declaredWrites = new LinkedHashMap<>(), seenWrites = new LinkedHashMap<>();

        void observe(Op op, int gprs, int crs, int regs, List<String> changed) {
            int[] d = declaredWrites.computeIfAbsent(op, k -> new int[3]);
            int[] w = seenWrites.computeIfAbsent(op, k -> new int[3]);
            d[0] |= gprs;
            d[1] |= crs;
            d[2] |= regs & ~bit(Register.SPR) & ~bit(Register.MSR); // SPR and MSR changes are not told apart here
            for (String loc : changed) {
                if (loc.startsWith("GPR")) w[0] |= 1 << Integer.parseInt(loc.substring(3));
                else if (loc.startsWith("CR")) w[1] |= 1 << (loc.charAt(2) - '0');
                else if (!loc.startsWith("SPR")) w[2] |= bit(Register.valueOf(loc));
            }
        }

        /** Instructions with a declared write no completed run made: candidates for a tighter row (or more runs). */
        List<String> neverWritten() {
            List<String> out = new ArrayList<>();
            for (Map.Entry<Op, int[]> e : declaredWrites.entrySet()) {
                int[] d = e.getValue(), w = seenWrites.get(e.getKey());
                List<String> missing = new ArrayList<>();
                if ((d[0] & ~w[0]) != 0) missing.add("GPRs " + Integer.toHexString(d[0] & ~w[0]));
                if ((d[1] & ~w[1]) != 0) missing.add("CR fields " + Integer.toHexString(d[1] & ~w[1]));
                for (Register r : Register.values()) if ((d[2] & ~w[2] & bit(r)) != 0) missing.add(r.name());
                if (!missing.isEmpty()) out.add(e.getKey().mnemonic() + " " + missing);
            }
            return out;
        }
        final List<String> unchecked = new ArrayList<>();

        Checker(CpuModel model, List<String> failures) {
            this.model = model;
            this.failures = failures;
            sys = new SystemCode(model);
            cpu = sys.cpu;
            cpu.env = this;
            table = InstructionTable.forModel(model);
            rnd = new Random(0x1205 + model.ordinal());
            rnd.nextBytes(window);
            for (int i = 0; i < WINDOW_SIZE; i++) other[i] = (byte) ~window[i];
            sys.ram.write(WINDOW, window, 0, WINDOW_SIZE);
            // RAM is zero outside the window; the dirty log finds the pages a run wrote there
            sys.ram.dirtyLog().start();
        }

        @Override
        public void systemCall(Cpu c, int lev, boolean scv) {
            systemCalled = true;
        }

        @Override
        public void interrupt(Cpu c, GuestInterrupt gi) {
            throw gi;
        }

        void run() {
            for (Op op : Op.values()) {
                if (!table.implemented(op)) continue;
                Map<String, String> seen = new LinkedHashMap<>();
                ops++;
                int before = completed;
                for (int n = 0; n < RUNS; n++) {
                    int[] w = word(op);
                    if (w == null) {
                        seen.put("no random word of its encoding decodes to it", "");
                        break;
                    }
                    State s = randomState();
                    long on = Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX;
                    check(op, w, s, on | Cpu.MSR_LE, seen); // supervisor state, little-endian
                    check(op, w, s, on, seen); // big-endian (lmw, stmw and the string instructions need it)
                    check(op, w, s, on | Cpu.MSR_LE | Cpu.MSR_PR, seen); // problem state
                    check(op, w, s, Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE, seen); // FP, VMX and VSX off
                }
                if (completed == before) unchecked.add(op.mnemonic());
                for (Map.Entry<String, String> e : seen.entrySet()) {
                    failures.add(model.displayName + " " + op.mnemonic() + ": " + e.getKey() + " (" + e.getValue() + ")");
                }
            }
        }

        /**
         * A random word (and suffix) of the op's encoding that decodes to it, or null. One word in
         * four names one GPR in all its register fields (or r,r,r hints, RA = RT forms, RA = 0).
         */
        int[] word(Op op) {
            for (int tries = 0; tries < 64; tries++) {
                int[] w = {(rnd.nextInt() & ~op.encoding.mask(0)) | op.encoding.value(0),
                        op.encoding.prefixed() ? (rnd.nextInt() & ~op.encoding.mask(1)) | op.encoding.value(1) : 0};
                if (rnd.nextInt(4) == 0) {
                    int r = rnd.nextBoolean() ? 0 : rnd.nextInt(32);
                    for (String f : new String[] {"RT", "RA", "RB", "RS", "RC"}) {
                        for (org.jpseries.isa.Encoding.Part part : op.encoding.fields().getOrDefault(f, List.of())) {
                            int sh = 32 - part.start() - part.width();
                            int m = ((1 << part.width()) - 1) << sh;
                            w[part.word()] = w[part.word()] & ~m | (r << sh & m);
                        }
                    }
                }
                int w0 = w[0], w1 = w[1];
                Op d = op.encoding.prefixed() ? Decoder.decodePrefixed(w0, w1) : Decoder.decode(w0);
                if (d == op) return new int[] {w0, w1};
            }
            return null;
        }

        long randomValue() {
            return switch (rnd.nextInt(3)) {
                case 0 -> BASE + (rnd.nextInt(0x4000) & (rnd.nextBoolean() ? ~15 : ~0));
                case 1 -> rnd.nextInt(64) * (rnd.nextBoolean() ? 16 : 1);
                default -> rnd.nextLong();
            };
        }

        State randomState() {
            State s = State.of(cpu);
            for (int i = 0; i < 32; i++) s.gpr[i] = randomValue();
            for (int i = 0; i < 128; i++) s.vsr[i] = rnd.nextLong();
            s.cr = rnd.nextInt();
            s.so = rnd.nextBoolean();
            s.ov = s.ov32 = rnd.nextBoolean();
            s.ca = s.ca32 = rnd.nextBoolean();
            s.xerCount = rnd.nextInt(128);
            s.lr = randomValue();
            s.ctr = randomValue();
            s.tar = randomValue();
            s.fpscr = rnd.nextInt() & 0xFFFFF7FFL & ~0x60000000L; // no reserved bit, no FEX/VX summaries
            s.vscr = (rnd.nextBoolean() ? 0x10000 : 0) | (rnd.nextBoolean() ? 1 : 0);
            s.reserveAddr = -1;
            return s;
        }

        /** Changes every location {@code op} does not declare it reads. */
        State perturbUnread(Op op, int[] w, State s) {
            Effects e = op.effects;
            State p = s.copy();
            int gprs = e.gprs(false, w[0], w[1]);
            for (int i = 0; i < 32; i++) if ((gprs & 1 << i) == 0) p.gpr[i] = randomValue();
            int crs = e.crFields(false, w[0], w[1]);
            for (int f = 0; f < 8; f++) {
                if ((crs & 1 << f) == 0) p.cr = p.cr & ~(0xF << (28 - 4 * f)) | rnd.nextInt(16) << (28 - 4 * f);
            }
            int regs = e.registers(false, w[0], w[1]);
            if ((regs & bit(Register.SO)) == 0) p.so = rnd.nextBoolean();
            if ((regs & bit(Register.OV)) == 0) p.ov = p.ov32 = rnd.nextBoolean();
            if ((regs & bit(Register.CA)) == 0) p.ca = p.ca32 = rnd.nextBoolean();
            if ((regs & bit(Register.XERCNT)) == 0) p.xerCount = rnd.nextInt(128);
            if ((regs & bit(Register.LR)) == 0) p.lr = randomValue();
            if ((regs & bit(Register.CTR)) == 0) p.ctr = randomValue();
            if ((regs & bit(Register.TAR)) == 0) p.tar = randomValue();
            if ((regs & bit(Register.FPSCR)) == 0) p.fpscr = rnd.nextInt() & 0xFFFFF7FFL & ~0x60000000L;
            if ((regs & bit(Register.VSCR)) == 0) p.vscr = (rnd.nextBoolean() ? 0x10000 : 0) | (rnd.nextBoolean() ? 1 : 0);
            return p;
        }

        static int bit(Register r) {
            return 1 << r.ordinal();
        }

        Outcome exec(Op op, int[] w, State s) {
            return exec(op, w, s, false);
        }

        /** Runs the instruction once on {@code s}, with the window's {@link #other} bytes when {@code otherMemory}. */
        Outcome exec(Op op, int[] w, State s, boolean otherMemory) {
            return exec(op, w, s, otherMemory ? other : window);
        }

        /** Runs the instruction once on {@code s} with {@code content} in the window. */
        Outcome exec(Op op, int[] w, State s, byte[] content) {
            boolean otherMemory = content != window;
            if (otherMemory) sys.ram.write(WINDOW, content, 0, WINDOW_SIZE);
            s.load(cpu);
            cpu.halted = true; // an instruction that idles (wait) returns at once
            Semantics sem = op.encoding.prefixed() ? table.semantics(op, w[1]) : table.semantics(op);
            systemCalled = false;
            cpu.cia = PC;
            cpu.nip = PC + 4;
            GuestInterrupt gi = null;
            Throwable host = null;
            try {
                sem.exec(cpu, w[0]);
            } catch (GuestInterrupt g) {
                gi = g;
            } catch (RuntimeException | StackOverflowError x) {
                host = x;
            }
            cpu.halted = false;
            State after = State.of(cpu);
            byte[] mem = null;
            byte[] now = new byte[WINDOW_SIZE];
            sys.ram.read(WINDOW, now, 0, WINDOW_SIZE);
            if (Arrays.mismatch(now, content) >= 0) mem = now;
            cpu.mmu.flush();
            boolean outside = false;
            long[] dirty = sys.ram.dirtyLog().take();
            for (int i = 0; i < dirty.length; i++) {
                for (long b = dirty[i]; b != 0; b &= b - 1) {
                    long pa = ((long) i * 64 + Long.numberOfTrailingZeros(b)) << Page.SHIFT;
                    if (pa + Page.SIZE <= WINDOW || pa >= WINDOW + WINDOW_SIZE) {
                        outside = true;
                        sys.ram.fill(pa, Page.SIZE, (byte) 0);
                    }
                }
            }
            if (mem != null || otherMemory) sys.ram.write(WINDOW, window, 0, WINDOW_SIZE);
            sys.ram.dirtyLog().take(); // the restores' own marks
            return new Outcome(after, gi, systemCalled, cpu.nip, host, mem, outside);
        }

        void check(Op op, int[] w, State s0, long msr, Map<String, String> seen) {
            State s = s0.copy();
            s.msr = msr;
            Effects e = op.effects;
            String word = String.format("%08x%s msr %x", w[0], op.encoding.prefixed() ? String.format(" %08x", w[1]) : "", msr);
            Outcome o = exec(op, w, s);
            boolean pr = (msr & Cpu.MSR_PR) != 0, facilities = (msr & Cpu.MSR_FP) != 0;
            GuestInterrupt gi = o.interrupt;
            if (o.hostError != null) {
                seen.putIfAbsent("host exception " + o.hostError, word);
                return;
            }
            // writes
            int gprs = e.gprs(true, w[0], w[1]);
            int crs = e.crFields(true, w[0], w[1]);
            int regs = e.registers(true, w[0], w[1]);
            for (String loc : o.after.diff(s)) {
                if (!declaredWrite(loc, gprs, crs, regs, e, o)) seen.putIfAbsent("writes undeclared " + loc, word);
            }
            // storage
            if (o.memory != null) {
                int first = Arrays.mismatch(o.memory, window);
                int last = WINDOW_SIZE - 1;
                while (o.memory[last] == window[last]) last--;
                boolean stores = e.access == Effects.Access.STORE || e.access == Effects.Access.LOAD_STORE;
                if (!stores) seen.putIfAbsent("stores without a declared store", word);
                else if (e.size > 0 && last - first + 1 > e.size) {
                    seen.putIfAbsent("stores " + (last - first + 1) + " bytes, declared " + e.size, word);
                }
            }
            if (o.writeOutsideWindow && e.access != Effects.Access.STORE && e.access != Effects.Access.LOAD_STORE
                    && e.access != Effects.Access.TOUCH) {
                seen.putIfAbsent("writes storage (a page outside the window) without a declared store", word);
            }
            // interrupts
            if (gi != null) {
                boolean privileged = gi.kind == Interrupt.PROGRAM && (gi.detail & Interrupt.PROGRAM_PRIVILEGED) != 0;
                boolean illegal = gi.kind == Interrupt.PROGRAM && (gi.detail & Interrupt.PROGRAM_ILLEGAL) != 0;
                boolean trap = gi.kind == Interrupt.PROGRAM && (gi.detail & Interrupt.PROGRAM_TRAP) != 0;
                switch (gi.kind) {
                    case DATA_STORAGE, DATA_SEGMENT, ALIGNMENT, MACHINE_CHECK -> {
                        if (e.access == Effects.Access.NONE) seen.putIfAbsent("storage interrupt " + gi.kind + " without a declared access", word);
                    }
                    case FP_UNAVAILABLE, VMX_UNAVAILABLE, VSX_UNAVAILABLE -> {
                        if (e.facility == Effects.Facility.NONE) seen.putIfAbsent(gi.kind + " without a declared facility", word);
                    }
                    default -> {}
                }
                if (privileged && (e.privilege == Effects.Privilege.NONE
                        || !pr && e.privilege == Effects.Privilege.SUPERVISOR)) {
                    seen.putIfAbsent("privileged interrupt, declared " + e.privilege, word);
                }
                if (trap && !e.trap) seen.putIfAbsent("trap interrupt, no trap flag", word);
                if (!illegal && !e.mayTrap()) seen.putIfAbsent("interrupt " + o.what() + ", may not trap", word);
            } else {
                if (!o.systemCall) {
                    completed++;
                    observe(op, gprs, crs, regs, o.after.diff(s));
                }
                if (pr && (e.privilege == Effects.Privilege.SUPERVISOR || e.privilege == Effects.Privilege.HYPERVISOR
                        || e.privilege == Effects.Privilege.GTSE)) {
                    seen.putIfAbsent("runs in problem state, declared " + e.privilege, word);
                }
                if (e.privilege == Effects.Privilege.HYPERVISOR) seen.putIfAbsent("runs with MSR[HV]=0, declared HYPERVISOR", word);
                if (!facilities && e.facility != Effects.Facility.NONE) {
                    seen.putIfAbsent("runs without MSR[FP,VEC,VSX], declared " + e.facility, word);
                }
                if (o.systemCall && !e.systemCall) seen.putIfAbsent("system call, no sc flag", word);
                long next = PC + (op.encoding.prefixed() ? 8 : 4);
                if (!o.systemCall && !e.endsBlock && o.nip != next) {
                    seen.putIfAbsent("nip " + Long.toHexString(o.nip) + " but does not end a block", word);
                }
            }
            if (gi == null && e.access == Effects.Access.LOAD && e.size > 0 && !measured.contains(op)) {
                measureLoad(op, w, s, o, gprs, crs, regs, word, seen);
            }
            // reads: the same outcome with every undeclared input changed, storage too when no load is declared
            State p = perturbUnread(op, w, s);
            boolean loads = e.access == Effects.Access.LOAD || e.access == Effects.Access.LOAD_STORE;
            boolean otherMemory = !loads && e.access != Effects.Access.STORE;
            Outcome q = exec(op, w, p, otherMemory);
            String d = differs(o, s, q, p, gprs, crs, regs);
            if (d != null) {
                Outcome again = exec(op, w, s);
                if (differs(o, s, again, s, gprs, crs, regs) == null) seen.putIfAbsent("reads undeclared input" + (otherMemory ? " (a register or storage)" : "") + ": " + d, word);
            }
        }

        /** Whether run {@code b} loaded other bytes than run {@code a}: another outcome, GPR or VSR. */
        static boolean loaded(Outcome a, Outcome b) {
            return !a.what().equals(b.what()) || !Arrays.equals(a.after.gpr, b.after.gpr) || !Arrays.equals(a.after.vsr, b.after.vsr);
        }

        /** The window with the bytes [from, to) of {@link #other}. */
        byte[] otherIn(int from, int to) {
            byte[] b = window.clone();
            System.arraycopy(other, from, b, from, to - from);
            return b;
        }

        /**
         * Measures which window bytes a load's result depends on (each byte changed alone changes
         * a loaded value), by bisection on changed prefixes and suffixes of the window, and checks
         * they span no more than the declared size.
         */
        void measureLoad(Op op, int[] w, State s, Outcome o, int gprs, int crs, int regs, String word, Map<String, String> seen) {
            if (!loaded(o, exec(op, w, s, other))) return; // its bytes are not in the window
            measured.add(op);
            loadsMeasured++;
            int lo = 0, hi = WINDOW_SIZE; // smallest m with a changed prefix [0, m) changing the result
            while (lo < hi) {
                int m = (lo + hi) >>> 1;
                if (loaded(o, exec(op, w, s, otherIn(0, m)))) hi = m;
                else lo = m + 1;
            }
            int first = lo - 1;
            lo = 0;
            hi = WINDOW_SIZE; // largest m with a changed suffix [m, W) changing the result
            while (lo < hi) {
                int m = (lo + hi + 1) >>> 1;
                if (loaded(o, exec(op, w, s, otherIn(m, WINDOW_SIZE)))) lo = m;
                else hi = m - 1;
            }
            int last = lo;
            if (last - first + 1 > op.effects.size) {
                seen.putIfAbsent("loads " + (last - first + 1) + " bytes, declared " + op.effects.size, word);
            }
        }

        /**
         * Whether the declared writes of runs {@code a} (from {@code s}) and {@code b} (from
         * {@code p}) differ, and how; null when they agree. A location compares only where either
         * run changed it: one an instruction may write but did not (lswx beyond its count, an
         * undefined form left unchanged) holds its input, which is not a result.
         */
        static String differs(Outcome a, State s, Outcome b, State p, int gprs, int crs, int regs) {
            if (!a.what().equals(b.what())) return a.what() + " / " + b.what();
            if (a.interrupt != null || a.systemCall) return null;
            State x = a.after, y = b.after;
            for (int i = 0; i < 32; i++) {
                if ((gprs & 1 << i) != 0 && (x.gpr[i] != s.gpr[i] || y.gpr[i] != p.gpr[i]) && x.gpr[i] != y.gpr[i]) return "GPR" + i;
            }
            for (int f = 0; f < 8; f++) {
                int sh = 28 - 4 * f;
                boolean changed = ((x.cr ^ s.cr) >>> sh & 0xF) != 0 || ((y.cr ^ p.cr) >>> sh & 0xF) != 0;
                if ((crs & 1 << f) != 0 && changed && ((x.cr ^ y.cr) >>> sh & 0xF) != 0) return "CR" + f;
            }
            if (differs(regs, Register.CA, x.ca, s.ca, y.ca, p.ca)) return "CA";
            if (differs(regs, Register.OV, x.ov, s.ov, y.ov, p.ov)) return "OV";
            if (differs(regs, Register.SO, x.so, s.so, y.so, p.so)) return "SO";
            if (differs(regs, Register.LR, x.lr, s.lr, y.lr, p.lr)) return "LR";
            if (differs(regs, Register.CTR, x.ctr, s.ctr, y.ctr, p.ctr)) return "CTR";
            if (differs(regs, Register.FPSCR, x.fpscr, s.fpscr, y.fpscr, p.fpscr)) return "FPSCR";
            if (differs(regs, Register.VSCR, x.vscr, s.vscr, y.vscr, p.vscr)) return "VSCR";
            if (!Arrays.equals(a.memory, b.memory)) return "stored bytes";
            return null;
        }

        private static boolean differs(int regs, Register r, long x, long s, long y, long p) {
            return (regs & bit(r)) != 0 && (x != s || y != p) && x != y;
        }

        private static boolean differs(int regs, Register r, boolean x, boolean s, boolean y, boolean p) {
            return differs(regs, r, x ? 1 : 0, s ? 1 : 0, y ? 1 : 0, p ? 1 : 0);
        }

        static boolean declaredWrite(String loc, int gprs, int crs, int regs, Effects e, Outcome o) {
            if (loc.startsWith("GPR")) return (gprs & 1 << Integer.parseInt(loc.substring(3))) != 0;
            if (loc.startsWith("CR")) return (crs & 1 << (loc.charAt(2) - '0')) != 0;
            if (loc.startsWith("SPR")) return (regs & bit(Register.SPR)) != 0;
            return (regs & bit(Register.valueOf(loc))) != 0;
        }
    }
}
