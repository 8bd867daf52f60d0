package org.jpseries.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one instruction reads, writes and may do, as {@code isa/properties.csv} states it (the file's
 * header defines the tokens and cites the ISA sections): the GPRs, CR fields, XER bits and other
 * registers it reads and writes, its storage access, and its flags (ends a block, privileged, may
 * trap). {@link #parse} checks every token against the instruction's encoding, so a property that
 * names a field the encoding lacks stops the generator. Locations are evaluated for one
 * instruction word: {@link #gprs}, {@link #crFields}, {@link #xer}.
 */
public final class Effects {
    /** Registers outside the GPRs and CR, as bits of {@link #registers}. */
    public enum Register {
        SO, OV, CA, XERCNT, LR, CTR, TAR, FPSCR, VSCR, MSR, SPR
    }

    /** Storage access kind. */
    public enum Access {
        NONE, LOAD, STORE, LOAD_STORE, TOUCH
    }

    public enum Privilege {
        NONE, SUPERVISOR, HYPERVISOR, BY_SPR,
        /** Supervisor, and hypervisor unless LPCR[GTSE]=1 (tlbie, tlbiel, tlbsync: Book III 6.10.3). */
        GTSE
    }

    /** Facility an instruction needs enabled in the MSR. */
    public enum Facility {
        NONE, FP, VEC, VSX
    }

    /** Size of a storage access decided at run time. */
    public static final int VARIABLE = -1;

    /**
     * One location: a kind, the encoding field it is named by (or null), and its condition (or
     * null): one one-bit field that must be 1, or several fields that must be equal.
     */
    record Location(Kind kind, String field, Register register, int fixed, String[] condition) {}

    enum Kind { GPR, GPR_OR_ZERO, GPR_PAIR, GPR_RUN, CR_FIELD, CR_BIT, CR_FIXED, CR_ALL, CR_MASK, REGISTER }

    private final Encoding encoding;
    private final Location[] reads;
    private final Location[] writes;
    public final Access access;
    /** Bytes accessed, {@link #VARIABLE}, or 0. */
    public final int size;
    public final boolean endsBlock;
    public final Privilege privilege;
    public final boolean trap;
    public final boolean systemCall;
    public final Facility facility;

    private Effects(Encoding encoding, Location[] reads, Location[] writes, Access access, int size, boolean endsBlock,
            Privilege privilege, boolean trap, boolean systemCall, Facility facility) {
        this.encoding = encoding;
        this.reads = reads;
        this.writes = writes;
        this.access = access;
        this.size = size;
        this.endsBlock = endsBlock;
        this.privilege = privilege;
        this.trap = trap;
        this.systemCall = systemCall;
        this.facility = facility;
    }

    /** May raise an interrupt when executed (see the flags of isa/properties.csv). */
    public boolean mayTrap() {
        return privilege != Privilege.NONE || trap || systemCall || facility != Facility.NONE
                || access != Access.NONE || writesAny(Register.FPSCR);
    }

    /** Whether any form of the instruction may write {@code r}. */
    public boolean writesAny(Register r) {
        for (Location l : writes) if (l.kind == Kind.REGISTER && l.register == r) return true;
        return false;
    }

    /** Whether any form of the instruction may read {@code r}. */
    public boolean readsAny(Register r) {
        for (Location l : reads) if (l.kind == Kind.REGISTER && l.register == r) return true;
        return false;
    }

    // ---- evaluated for one instruction word of the encoding (w0 the word or prefix, w1 the suffix or 0) ----

    /** GPRs read ({@code write} false) or written, as a bit mask (bit n = GPR n). */
    public int gprs(boolean write, int w0, int w1) {
        Encoding e = encoding;
        int m = 0;
        for (Location l : write ? writes : reads) {
            if (!applies(l, e, w0, w1)) continue;
            int r = l.field == null ? 0 : (int) e.field(l.field, w0, w1);
            m |= switch (l.kind) {
                case GPR -> 1 << r;
                case GPR_OR_ZERO -> r == 0 ? 0 : 1 << r;
                case GPR_PAIR -> 3 << (r & ~1);
                case GPR_RUN -> -1; // wraps past 31 by a count known at run time
                default -> 0;
            };
        }
        return m;
    }

    /** CR fields read or written, as a mask (bit n = CR field n). */
    public int crFields(boolean write, int w0, int w1) {
        Encoding e = encoding;
        int m = 0;
        for (Location l : write ? writes : reads) {
            if (!applies(l, e, w0, w1)) continue;
            m |= switch (l.kind) {
                case CR_FIELD -> 1 << (int) e.field(l.field, w0, w1);
                case CR_BIT -> 1 << ((int) e.field(l.field, w0, w1) >>> 2);
                case CR_FIXED -> 1 << l.fixed;
                case CR_ALL -> 0xFF;
                case CR_MASK -> Integer.reverse((int) e.field(l.field, w0, w1)) >>> 24; // FXM bit 0 selects CR0
                default -> 0;
            };
        }
        return m;
    }

    /**
     * Registers other than GPRs and CR read or written, as a mask of {@link Register} ordinals. The
     * SPR of an instruction with an spr (or tbr) field is the register it names: XER (1), LR (8),
     * CTR (9) and TAR (815) are those registers (Book I 3.3.17, Book III 5.4.4); any other is SPR.
     */
    public int registers(boolean write, int w0, int w1) {
        Encoding e = encoding;
        int m = 0;
        for (Location l : write ? writes : reads) {
            if (l.kind != Kind.REGISTER || !applies(l, e, w0, w1)) continue;
            m |= l.register == Register.SPR ? spr(e, w0, w1) : 1 << l.register.ordinal();
        }
        return m;
    }

    private static int spr(Encoding e, int w0, int w1) {
        String name = e.fieldWidth("spr") == 10 ? "spr" : e.fieldWidth("tbr") == 10 ? "tbr" : null;
        if (name == null) return 1 << Register.SPR.ordinal();
        int f = (int) e.field(name, w0, w1);
        int n = (f & 0x1F) << 5 | f >>> 5; // the two halves are swapped in the instruction
        return switch (n) {
            case 1 -> 1 << Register.SO.ordinal() | 1 << Register.OV.ordinal() | 1 << Register.CA.ordinal()
                    | 1 << Register.XERCNT.ordinal();
            case 8 -> 1 << Register.LR.ordinal();
            case 9 -> 1 << Register.CTR.ordinal();
            case 815 -> 1 << Register.TAR.ordinal();
            default -> 1 << Register.SPR.ordinal();
        };
    }

    private static boolean applies(Location l, Encoding e, int w0, int w1) {
        String[] c = l.condition;
        if (c == null) return true;
        if (c.length == 1) return e.field(c[0], w0, w1) == 1;
        long v = e.field(c[0], w0, w1);
        for (int i = 1; i < c.length; i++) if (e.field(c[i], w0, w1) != v) return false;
        return true;
    }

    // ---- parsing ----

    /** The key of an instruction's properties row: the first mnemonic of its mnemonics column ("addic."). */
    public static String key(String mnemonics) {
        return mnemonics.split("\\|")[0].strip().split("[ ,]")[0];
    }

    /**
     * Parses one row of isa/properties.csv for an instruction with encoding {@code e}.
     *
     * @throws IllegalArgumentException naming the bad token
     */
    public static Effects parse(String reads, String writes, String memory, String flags, Encoding e) {
        Access access = Access.NONE;
        int size = 0;
        String mem = memory.strip();
        if (!mem.isEmpty()) {
            String n;
            if (mem.equals("T")) {
                access = Access.TOUCH;
                n = "0";
            } else if (mem.startsWith("LS")) {
                access = Access.LOAD_STORE;
                n = mem.substring(2);
            } else if (mem.startsWith("L")) {
                access = Access.LOAD;
                n = mem.substring(1);
            } else if (mem.startsWith("S")) {
                access = Access.STORE;
                n = mem.substring(1);
            } else {
                throw new IllegalArgumentException("unknown storage access '" + mem + "'");
            }
            try {
                size = n.equals("*") ? VARIABLE : Integer.parseInt(n);
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("unknown storage access '" + mem + "'");
            }
        }
        boolean ends = false, trap = false, sc = false;
        Privilege priv = Privilege.NONE;
        Facility facility = Facility.NONE;
        for (String f : tokens(flags)) {
            switch (f) {
                case "end" -> ends = true;
                case "priv" -> priv = Privilege.SUPERVISOR;
                case "hyp" -> priv = Privilege.HYPERVISOR;
                case "spr" -> priv = Privilege.BY_SPR;
                case "gtse" -> priv = Privilege.GTSE;
                case "trap" -> trap = true;
                case "sc" -> sc = true;
                case "fp" -> facility = Facility.FP;
                case "vec" -> facility = Facility.VEC;
                case "vsx" -> facility = Facility.VSX;
                default -> throw new IllegalArgumentException("unknown flag '" + f + "'");
            }
        }
        return new Effects(e, locations(reads, e), locations(writes, e), access, size, ends, priv, trap, sc, facility);
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.strip().split("\\s+")) if (!t.isEmpty()) out.add(t);
        return out;
    }

    private static Location[] locations(String s, Encoding e) {
        List<Location> out = new ArrayList<>();
        for (String t : tokens(s)) {
            String[] cond = null;
            int slash = t.indexOf('/');
            if (slash >= 0) {
                cond = t.substring(slash + 1).split("=");
                t = t.substring(0, slash);
                if (cond.length == 1 && e.fieldWidth(cond[0]) != 1) {
                    throw new IllegalArgumentException("condition '" + cond[0] + "' is not a one-bit field");
                }
                for (String f : cond) field(e, f);
            }
            Location l = switch (t) {
                case "RT", "RA", "RB", "RC", "RS" -> new Location(Kind.GPR, field(e, t), null, 0, cond);
                case "RA0" -> new Location(Kind.GPR_OR_ZERO, field(e, "RA"), null, 0, cond);
                case "RTp", "RSp" -> new Location(Kind.GPR_PAIR, field(e, t), null, 0, cond);
                case "RT+", "RS+" -> new Location(Kind.GPR_RUN, field(e, t.substring(0, 2)), null, 0, cond);
                case "CR0", "CR1", "CR6" -> new Location(Kind.CR_FIXED, null, null, t.charAt(2) - '0', cond);
                case "BF", "BFA" -> new Location(Kind.CR_FIELD, field(e, t), null, 0, cond);
                case "BT", "BA", "BB", "BI", "BC" -> new Location(Kind.CR_BIT, field(e, t), null, 0, cond);
                case "CR" -> new Location(Kind.CR_ALL, null, null, 0, cond);
                case "FXM" -> new Location(Kind.CR_MASK, field(e, t), null, 0, cond);
                default -> {
                    Register r;
                    try {
                        r = Register.valueOf(t.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("unknown location '" + t + "'");
                    }
                    if (!r.name().equals(t)) throw new IllegalArgumentException("unknown location '" + t + "'");
                    yield new Location(Kind.REGISTER, null, r, 0, cond);
                }
            };
            out.add(l);
        }
        return out.toArray(Location[]::new);
    }

    private static String field(Encoding e, String name) {
        if (e.fieldWidth(name) == 0) throw new IllegalArgumentException("location '" + name + "' names no field of the encoding");
        return name;
    }
}
