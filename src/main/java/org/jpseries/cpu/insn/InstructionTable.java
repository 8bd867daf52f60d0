package org.jpseries.cpu.insn;

import java.util.EnumMap;
import java.util.Map;
import org.jpseries.isa.Op;
import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.Semantics;

/**
 * Binds each {@link Op} to its semantics for one CPU model. Every facility class registers its
 * instructions here; an op that is unregistered, or newer than the model's ISA level, executes
 * as an illegal instruction (program interrupt, Book III 7.5.9). Built once per model.
 */
public final class InstructionTable {
    private static final Map<CpuModel, InstructionTable> CACHE = new EnumMap<>(CpuModel.class);

    /** The handler of every op that has none: an illegal-instruction program interrupt. */
    public static final Semantics ILLEGAL = (cpu, w) -> {
        throw cpu.programInterrupt(Interrupt.PROGRAM_ILLEGAL);
    };

    public final CpuModel model;
    private final Semantics[] plain = new Semantics[Op.values().length];
    private final Semantics.Prefixed[] prefixed = new Semantics.Prefixed[Op.values().length];
    private InstructionTable(CpuModel model) {
        this.model = model;
        Branch.register(this);
        FixedPoint.register(this);
        LoadStore.register(this);
        FloatingPoint.register(this);
        Vmx.register(this);
        Vsx.register(this);
        org.jpseries.cpu.insn.Supervisor.register(this);
    }

    public static synchronized InstructionTable forModel(CpuModel model) {
        return CACHE.computeIfAbsent(model, InstructionTable::new);
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

    /** True if a facility class registered semantics for {@code op}, whatever the model's ISA level. */
    public boolean bound(Op op) {
        return (op.encoding.prefixed() ? prefixed[op.ordinal()] : plain[op.ordinal()]) != null;
    }

    /** True if the model executes {@code op} (registered and within its ISA level). */
    public boolean implemented(Op op) {
        return model.implementsIsa(op.level.version) && bound(op);
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
        return (cpu, prefix) -> {
            cpu.nip += 4;
            p.exec(cpu, prefix, suffix);
        };
    }
}
