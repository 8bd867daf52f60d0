package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jpseries.intc.xive.XiveHcalls;
import org.jpseries.papr.Hcall;
import org.junit.jupiter.api.Test;

/**
 * The fuzz tier's hcall property in the unit tier, without Jazzer: every registered hcall and
 * RTAS call with seeded random registers and argument blocks, with and without XIVE negotiated,
 * answers only PAPR/RTAS status codes ({@link HcallFuzz}).
 */
class HcallSweepTest {
    @Test
    void everyRegisteredCallWithRandomArguments() {
        HcallFuzz.Fixture f = HcallFuzz.fixture();
        assertTrue(f.opcodes.size() >= 30 && f.tokens.size() >= 15, f.opcodes + " " + f.tokens);
        Random r = new Random(15);
        for (int round = 0; round < 40; round++) {
            java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < f.opcodes.size(); i++) {
                long[] regs = new long[9];
                for (int k = 0; k < 9; k++) {
                    regs[k] = switch (r.nextInt(4)) {
                        case 0 -> r.nextLong();
                        case 1 -> r.nextInt(16) - 8;
                        case 2 -> HcallFuzz.SCRATCH + r.nextInt(HcallFuzz.SCRATCH_SIZE);
                        default -> r.nextLong() & (HcallFuzz.RAM - 1);
                    };
                }
                byte[] scratch = new byte[HcallFuzz.SCRATCH_SIZE];
                r.nextBytes(scratch);
                if (r.nextBoolean()) scratch = HcallFuzz.rtasBlock(f.tokens.get(r.nextInt(f.tokens.size())), 1 + r.nextInt(4),
                        r.nextInt(8), r.nextInt(), (int) HcallFuzz.SCRATCH, r.nextInt(3));
                else if (r.nextBoolean()) { // a call on the default bridge: its function, small counts and shifts, any LIOBN
                    scratch = HcallFuzz.rtasBlock(f.tokens.get(r.nextInt(f.tokens.size())), 1 + r.nextInt(6),
                            r.nextBoolean() ? HcallFuzz.MSIX_DEVFN << 8 : r.nextInt(), (int) (HcallFuzz.PHB_BUID >>> 32), (int) HcallFuzz.PHB_BUID,
                            r.nextInt(70) - 2, r.nextInt(70) - 2, r.nextInt());
                }
                int op = f.opcodes.get(i);
                if (op == Hcall.KVMPPC_H_RTAS && r.nextBoolean()) regs[0] = HcallFuzz.SCRATCH;
                in.writeBytes(HcallFuzz.record(f, op, (round & 1) == 0 ? 0x40 : 1, regs, scratch));
            }
            assertEquals(f.opcodes.size(), HcallFuzz.check(in.toByteArray()));
        }
    }

    @Test
    void xiveCallsWorkOnceNegotiated() {
        HcallFuzz.Fixture f = HcallFuzz.fixture();
        HcallFuzz.check(HcallFuzz.record(f, XiveHcalls.H_INT_GET_SOURCE_INFO, 0x40, new long[] {0, 0x1000}, new byte[0]));
        Regs r = new Regs(0, XiveHcalls.H_INT_GET_SOURCE_INFO, 0, 0x1000);
        f.platform.hcalls().dispatch(r);
        assertNotEquals(Hcall.H_FUNCTION, r.gpr[3], "H_INT_* answer after CAS granted XIVE exploitation");
    }
}
