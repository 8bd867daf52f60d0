package org.jpseries.cpu.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.insn.InstructionTable;
import org.jpseries.isa.Decoder;
import org.jpseries.isa.Op;
import org.junit.jupiter.api.Test;

/**
 * Every vector/VSX op this branch implements, with random operand fields, register contents and
 * nearby addresses, in both byte orders: instructions may raise architected interrupts but a
 * Java exception must never escape from guest input (the interpreter would stop on it).
 */
class VectorFuzzTest {
    static boolean vectorOp(Op op) {
        String m = op.mnemonics.split("[ |]")[0];
        return m.matches("(v|xx|lxv|stxv|lxs|stxs|lv|stv|mtvsr|mfvsr|mtvscr|mfvscr|bcd|plxv|pstxv|plxs|pstxs|xvtlsbb).*")
                && !m.matches("(vaddfp|vsubfp|vmaddfp|vnmsubfp|vrefp|vrsqrtefp|vexptefp|vlogefp|vrfi|vcfsx|vcfux|vctsxs|vctuxs|vcmp.*fp|vmaxfp|vminfp).*");
    }

    @Test
    void randomOperandsNeverThrowJavaExceptions() {
        InstructionTable table = InstructionTable.forModel(CpuModel.POWER10);
        Random r = new Random(42);
        List<String> failures = new ArrayList<>();
        int ops = 0;
        for (Op op : Op.values()) {
            if (!vectorOp(op) || !table.implemented(op)) continue;
            ops++;
            for (boolean le : new boolean[] {true, false}) {
                VecMachine m = new VecMachine(le);
                for (int k = 0; k < 60; k++) {
                    for (int i = 0; i < 128; i++) m.cpu.vsr[i] = r.nextInt(4) == 0 ? r.nextLong() & 0x0909090909090909L : r.nextLong();
                    for (int i = 0; i < 32; i++) {
                        m.cpu.gpr[i] = switch (r.nextInt(4)) {
                            case 0 -> r.nextLong();
                            case 1 -> r.nextInt(64);
                            default -> VecMachine.DATA + r.nextInt(4096);
                        };
                    }
                    int w0, w1;
                    if (op.encoding.prefixed()) {
                        w0 = op.encoding.value(0) | (r.nextInt() & ~op.encoding.mask(0));
                        w1 = op.encoding.value(1) | (r.nextInt() & ~op.encoding.mask(1));
                        if (Decoder.decodePrefixed(w0, w1) != op) continue;
                    } else {
                        w0 = op.encoding.value(0) | (r.nextInt() & ~op.encoding.mask(0));
                        w1 = 0x60000000; // nop
                        if (Decoder.decode(w0) != op) continue;
                    }
                    try {
                        m.run(w0, w1);
                    } catch (RuntimeException e) {
                        failures.add(op + String.format(" %08x %08x ", w0, w1) + e);
                        break;
                    }
                }
            }
        }
        assertTrue(ops > 400, "only " + ops + " vector ops implemented?");
        assertEquals(List.of(), failures);
    }
}
