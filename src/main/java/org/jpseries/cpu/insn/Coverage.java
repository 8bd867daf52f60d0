package org.jpseries.cpu.insn;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.cpu.CpuModel;
import org.jpseries.isa.Op;

/**
 * Which instruction rows of isa/pp64.csv and isa/supplement.csv a CPU model executes: the rows of
 * its ISA level (PowerISA 3.1B Appendix F) that have semantics in its {@link InstructionTable},
 * and those that raise an illegal-instruction program interrupt instead.
 *
 * <p>Run: {@code bin/jpseries-coverage [MODEL...]} (all models when none is named).
 */
public record Coverage(CpuModel model, List<Op> implemented, List<Op> missing) {
    public static Coverage of(CpuModel model) {
        InstructionTable t = InstructionTable.forModel(model);
        List<Op> implemented = new ArrayList<>();
        List<Op> missing = new ArrayList<>();
        for (Op op : Op.values()) {
            if (!model.implementsIsa(op.level.version)) continue;
            (t.implemented(op) ? implemented : missing).add(op);
        }
        return new Coverage(model, List.copyOf(implemented), List.copyOf(missing));
    }

    /** The report: a count line, then the rows not implemented as "mnemonic (form, level)", one a line. */
    public void print(PrintStream out) {
        int rows = implemented.size() + missing.size();
        int minor = model.isaVersion % 100; // 207 is 2.07, 300 is 3.0, 310 is 3.1 (IsaLevel#version)
        out.printf("%s (ISA %d.%s): %d of %d instructions implemented, %d not%n", model.displayName, model.isaVersion / 100,
                minor % 10 == 0 ? String.valueOf(minor / 10) : String.format("%02d", minor), implemented.size(), rows, missing.size());
        for (Op op : missing) {
            out.printf("  %-14s %s, %s%s%n", op.mnemonic(), op.form, level(op), op.supplement ? " (supplement)" : "");
        }
    }

    /** The level as pp64.csv spells it ("v3.0C", "P1"). */
    private static String level(Op op) {
        String n = op.level.name();
        return n.startsWith("V") ? "v" + n.substring(1).replace('_', '.') : n;
    }

    public static void main(String[] args) {
        List<CpuModel> models = new ArrayList<>();
        try {
            for (String a : args) models.add(CpuModel.parse(a));
        } catch (IllegalArgumentException e) {
            System.err.println("jpseries-coverage: " + e.getMessage());
            System.exit(1);
        }
        if (models.isEmpty()) models.addAll(List.of(CpuModel.values()));
        for (CpuModel m : models) of(m).print(System.out);
    }
}
