package org.jpseries.cpu.insn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jpseries.cpu.CpuModel;
import org.jpseries.isa.Op;
import org.junit.jupiter.api.Test;

/** The bindings of each model's {@link InstructionTable} against the table's rows, and the coverage report derived from them. */
class CoverageTest {
    @Test
    void everyBindingIsARowAModelImplementsAndIsBoundOnce() {
        int newest = 0;
        for (CpuModel m : CpuModel.values()) newest = Math.max(newest, m.isaVersion);
        for (CpuModel m : CpuModel.values()) {
            InstructionTable t = InstructionTable.forModel(m); // a row bound twice throws here
            for (Op op : Op.values()) {
                if (t.bound(op)) assertTrue(op.level.version <= newest, op + " is bound but no model implements " + op.level);
                assertEquals(t.bound(op) && m.implementsIsa(op.level.version), t.implemented(op), op.toString());
            }
        }
    }

    @Test
    void coverageCountsEveryRowOfTheModelsLevel() {
        for (CpuModel m : CpuModel.values()) {
            Coverage c = Coverage.of(m);
            long rows = Arrays.stream(Op.values()).filter(op -> m.implementsIsa(op.level.version)).count();
            assertEquals(rows, c.implemented().size() + c.missing().size());
            assertTrue(c.implemented().contains(Op.ADD) && !c.missing().contains(Op.ADD));
        }
        assertTrue(Coverage.of(CpuModel.POWER9).implemented().contains(Op.MODUD));
        assertTrue(!Coverage.of(CpuModel.POWER8).implemented().contains(Op.MODUD)); // v3.0
    }

    @Test
    void reportListsTheRowsNotImplemented() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        Coverage c = Coverage.of(CpuModel.POWER9);
        c.print(new java.io.PrintStream(b, true, java.nio.charset.StandardCharsets.UTF_8));
        String[] lines = b.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertEquals("POWER9 (ISA 3.0): " + c.implemented().size() + " of " + (c.implemented().size() + c.missing().size())
                + " instructions implemented, " + c.missing().size() + " not", lines[0]);
        assertEquals(1 + c.missing().size(), lines.length);
        assertTrue(b.toString().contains("\n  dadd           DFP Add X-form, v2.05\n"), b.toString());
    }
}
