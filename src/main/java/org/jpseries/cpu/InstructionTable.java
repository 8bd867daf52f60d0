package org.jpseries.cpu;

import java.util.EnumMap;
import java.util.Map;
import org.jpseries.cpu.insn.Branch;
import org.jpseries.cpu.insn.FixedPoint;
import org.jpseries.cpu.insn.FloatingPoint;
import org.jpseries.cpu.insn.LoadStore;
import org.jpseries.cpu.insn.Vmx;
import org.jpseries.cpu.insn.Vsx;
import org.jpseries.isa.Op;

/**
 * Binds each {@link Op} to its semantics for one CPU model. Every facility class registers its
 * instructions here; an op that is unregistered, or newer than the model's ISA level, executes
 * as an illegal instruction (program interrupt, Book III 7.5.9). Built once per model.
 */
public final class InstructionTable {
    private static final Map<CpuModel, InstructionTable> CACHE = new EnumMap<>(CpuModel.class);
    private static final Map<CpuModel, InstructionTable> SYSTEM_CACHE = new EnumMap<>(CpuModel.class);

    /** The handler of every op that has none: an illegal-instruction program interrupt. */
    public static final Semantics ILLEGAL = (cpu, w) -> {
        throw cpu.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
    };

    public final CpuModel model;
    private final Semantics[] plain = new Semantics[Op.values().length];
    private final Semantics.Prefixed[] prefixed = new Semantics.Prefixed[Op.values().length];
    /**
     * System mode: FP, vector and VSX instructions first check their MSR facility bit
     * ({@link FacilityCheck}); user mode runs with all facilities on and skips the check.
     */
    public final boolean system;
    /** The MSR bit each op needs in system mode, or 0. */
    private final long[] facility = new long[Op.values().length];

    private InstructionTable(CpuModel model, boolean system) {
        this.model = model;
        this.system = system;
        Branch.register(this);
        FixedPoint.register(this);
        LoadStore.register(this);
        FloatingPoint.register(this);
        Vmx.register(this);
        Vsx.register(this);
        org.jpseries.cpu.insn.Supervisor.register(this);
        if (system) {
            for (Op op : Op.values()) {
                facility[op.ordinal()] = FacilityCheck.requiredMsr(op);
                Semantics h = plain[op.ordinal()];
                long bit = facility[op.ordinal()];
                if (h != null && bit != 0) plain[op.ordinal()] = checked(h, bit);
            }
        }
    }

    /** {@code h} behind the facility check of MSR bit {@code bit} (Book III 7.5.10, 7.5.16, 7.5.17). */
    private static Semantics checked(Semantics h, long bit) {
        Interrupt kind = FacilityCheck.interruptFor(bit);
        return (cpu, w) -> {
            if ((cpu.msr & bit) == 0) throw new GuestInterrupt(kind, 0, cpu.cia);
            h.exec(cpu, w);
        };
    }

    /** The user-mode table of a model. */
    public static synchronized InstructionTable forModel(CpuModel model) {
        return CACHE.computeIfAbsent(model, m -> new InstructionTable(m, false));
    }

    /** The table of a model for user mode or system mode. */
    public static synchronized InstructionTable forModel(CpuModel model, boolean system) {
        if (!system) return forModel(model);
        return SYSTEM_CACHE.computeIfAbsent(model, m -> new InstructionTable(m, true));
    }

    /** Registers a 32-bit instruction. A second registration of the same op is a programming error. */
    public void on(Op op, Semantics s) {
        if (op.encoding.prefixed()) throw new IllegalArgumentException(op + " is prefixed");
        if (plain[op.ordinal()] != null) throw new IllegalStateException(op + " registered twice");
        plain[op.ordinal()] = s;
    }

    /** Registers a 64-bit prefixed instruction. */
    public void onPrefixed(Op op, Semantics.Prefixed s) {
        if (!op.encoding.prefixed()) throw new IllegalArgumentException(op + " is not prefixed");
        if (prefixed[op.ordinal()] != null) throw new IllegalStateException(op + " registered twice");
        prefixed[op.ordinal()] = s;
    }

    /** True if the model executes {@code op} (registered and within its ISA level). */
    public boolean implemented(Op op) {
        if (!model.implementsIsa(op.level.version)) return false;
        return op.encoding.prefixed() ? prefixed[op.ordinal()] != null : plain[op.ordinal()] != null;
    }

    /** Semantics for a decoded 32-bit op, or {@link #ILLEGAL}. */
    public Semantics semantics(Op op) {
        if (op == null || op.encoding.prefixed() || !implemented(op)) return ILLEGAL;
        return plain[op.ordinal()];
    }

    /** Semantics for a decoded prefixed op bound to its suffix word, or {@link #ILLEGAL}. */
    public Semantics semantics(Op op, int suffix) {
        if (op == null || !op.encoding.prefixed() || !implemented(op)) return ILLEGAL;
        Semantics.Prefixed p = prefixed[op.ordinal()];
        long bit = facility[op.ordinal()];
        if (bit != 0) {
            Interrupt kind = FacilityCheck.interruptFor(bit);
            return (cpu, prefix) -> {
                if ((cpu.msr & bit) == 0) throw new GuestInterrupt(kind, 0, cpu.cia);
                cpu.nip += 4;
                p.exec(cpu, prefix, suffix);
            };
        }
        return (cpu, prefix) -> {
            cpu.nip += 4;
            p.exec(cpu, prefix, suffix);
        };
    }
}
