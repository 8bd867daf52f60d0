package org.jpseries.intc.xive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.papr.Hcall;
import org.jpseries.spapr.Regs;
import org.junit.jupiter.api.Test;

/** The H_INT_* hcalls' results and every parameter check, with QEMU spapr_xive.c's codes. */
class XiveHcallsTest {
    final XiveTestBench b = new XiveTestBench();
    final XiveHcalls h = b.hcalls;

    static Regs regs(long... r4up) {
        long[] all = new long[r4up.length + 1];
        System.arraycopy(r4up, 0, all, 1, r4up.length);
        return new Regs(0, all);
    }

    @Test
    void everyCallIsHFunctionUntilCasChoseXive() {
        XiveHcalls off = new XiveHcalls(b.xive, () -> false);
        assertEquals(Hcall.H_FUNCTION, off.getSourceInfo(regs(0, 0)));
        assertEquals(Hcall.H_FUNCTION, off.setSourceConfig(regs(0, 0, 0, 6, 0)));
        assertEquals(Hcall.H_FUNCTION, off.getSourceConfig(regs(0, 0)));
        assertEquals(Hcall.H_FUNCTION, off.getQueueInfo(regs(0, 0, 6)));
        assertEquals(Hcall.H_FUNCTION, off.setQueueConfig(regs(0, 0, 6, XiveTestBench.QADDR, 16)));
        assertEquals(Hcall.H_FUNCTION, off.getQueueConfig(regs(0, 0, 6)));
        assertEquals(Hcall.H_FUNCTION, off.esb(regs(0, 0, 0, 0)));
        assertEquals(Hcall.H_FUNCTION, off.sync(regs(0, 0)));
        assertEquals(Hcall.H_FUNCTION, off.reset(regs(0)));
        assertEquals(Hcall.H_FUNCTION, h.reportingLine(regs(0, 0)), "not implemented, as QEMU");
    }

    @Test
    void getSourceInfo() {
        Regs r = regs(0, XiveTestBench.MSI);
        assertEquals(Hcall.H_SUCCESS, h.getSourceInfo(r));
        assertEquals(0, r.gpr[4], "MSI: ESB pages, no store EOI, separate trigger page");
        assertEquals(SpaprXive.VC_BASE + ((long) XiveTestBench.MSI << 17) + 0x10000, r.gpr[5]);
        assertEquals(SpaprXive.VC_BASE + ((long) XiveTestBench.MSI << 17), r.gpr[6]);
        assertEquals(16, r.gpr[7]);
        r = regs(0, XiveTestBench.LSI);
        assertEquals(Hcall.H_SUCCESS, h.getSourceInfo(r));
        assertEquals(XiveHcalls.SRC_H_INT_ESB | XiveHcalls.SRC_LSI, r.gpr[4]);
        assertEquals(-1L, r.gpr[5]);
        assertEquals(-1L, r.gpr[6]);
        assertEquals(Hcall.H_PARAMETER, h.getSourceInfo(regs(1, XiveTestBench.MSI)));
        assertEquals(Hcall.H_P2, h.getSourceInfo(regs(0, 0x2000)), "unknown LISN");
        assertEquals(Hcall.H_P2, h.getSourceInfo(regs(0, 0x1500)), "unclaimed LISN");
        assertEquals(Hcall.H_P2, h.getSourceInfo(regs(0, -1)));
        assertEquals(Hcall.H_SUCCESS, h.getSourceInfo(regs(0, 1)), "the IPI of vCPU 1");
    }

    @Test
    void setAndGetSourceConfig() {
        assertEquals(Hcall.H_SUCCESS, h.setSourceConfig(regs(XiveHcalls.SRC_SET_EISN, XiveTestBench.MSI, 1, 5, 0x4321)));
        Regs r = regs(0, XiveTestBench.MSI);
        assertEquals(Hcall.H_SUCCESS, h.getSourceConfig(r));
        assertEquals(1, r.gpr[4]);
        assertEquals(5, r.gpr[5]);
        assertEquals(0x4321, r.gpr[6]);
        // priority 0xff resets the EAS: masked
        assertEquals(Hcall.H_SUCCESS, h.setSourceConfig(regs(0, XiveTestBench.MSI, 99, 0xff, 0)));
        r = regs(0, XiveTestBench.MSI);
        h.getSourceConfig(r);
        assertEquals(0xff, r.gpr[5]);
        assertEquals(0, r.gpr[6]);

        assertEquals(Hcall.H_PARAMETER, h.setSourceConfig(regs(1L << 60, XiveTestBench.MSI, 0, 5, 0)), "reserved flag");
        assertEquals(Hcall.H_P2, h.setSourceConfig(regs(0, 0x7fff_ffffL, 0, 5, 0)));
        assertEquals(Hcall.H_P2, h.setSourceConfig(regs(0, 0x1800, 0, 5, 0)), "unclaimed");
        assertEquals(Hcall.H_P4, h.setSourceConfig(regs(0, XiveTestBench.MSI, 0, 7, 0)), "priority 7 is the host's");
        assertEquals(Hcall.H_P4, h.setSourceConfig(regs(0, XiveTestBench.MSI, 0, 0x100, 0)));
        assertEquals(Hcall.H_P4, h.setSourceConfig(regs(0, XiveTestBench.MSI, 0, -1, 0)));
        assertEquals(Hcall.H_P3, h.setSourceConfig(regs(0, XiveTestBench.MSI, 2, 5, 0)), "no vCPU 2");
        assertEquals(Hcall.H_P3, h.setSourceConfig(regs(0, XiveTestBench.MSI, -1, 5, 0)));
        assertEquals(Hcall.H_PARAMETER, h.getSourceConfig(regs(1, XiveTestBench.MSI)));
        assertEquals(Hcall.H_P2, h.getSourceConfig(regs(0, 0x4000)));
    }

    @Test
    void queueInfoAndConfig() {
        Regs r = regs(0, 1, 6);
        assertEquals(Hcall.H_SUCCESS, h.getQueueInfo(r));
        assertEquals(SpaprXive.VC_BASE + (0x2000L << 17) + ((long) (8 + 6) << 17), r.gpr[4], "END ESB after the source ESBs");
        assertEquals(0, r.gpr[5], "no queue yet");

        assertEquals(Hcall.H_SUCCESS, h.setQueueConfig(regs(XiveHcalls.END_ALWAYS_NOTIFY, 1, 6, 0x20000, 16)));
        r = regs(0, 1, 6);
        h.getQueueInfo(r);
        assertEquals(16, r.gpr[5]);
        r = regs(XiveHcalls.END_DEBUG, 1, 6);
        assertEquals(Hcall.H_SUCCESS, h.getQueueConfig(r));
        assertEquals(XiveHcalls.END_ALWAYS_NOTIFY | 1L << 62, r.gpr[4], "notify flag and (debug) generation 1");
        assertEquals(0x20000, r.gpr[5]);
        assertEquals(16, r.gpr[6]);
        assertEquals(0, r.gpr[7]);
        // size 0 resets the queue
        assertEquals(Hcall.H_SUCCESS, h.setQueueConfig(regs(0, 1, 6, 0, 0)));
        r = regs(0, 1, 6);
        h.getQueueConfig(r);
        assertEquals(0, r.gpr[4]);
        assertEquals(0, r.gpr[5]);
        assertEquals(0, r.gpr[6]);

        assertEquals(Hcall.H_PARAMETER, h.setQueueConfig(regs(2, 0, 6, 0x20000, 16)));
        assertEquals(Hcall.H_P3, h.setQueueConfig(regs(0, 0, 7, 0x20000, 16)), "reserved priority");
        assertEquals(Hcall.H_P2, h.setQueueConfig(regs(0, 5, 6, 0x20000, 16)), "unknown target");
        assertEquals(XiveHcalls.H_P5, h.setQueueConfig(regs(0, 0, 6, 0x20000, 13)), "size not in ibm,xive-eq-sizes");
        assertEquals(Hcall.H_P4, h.setQueueConfig(regs(0, 0, 6, 0x21000, 16)), "not naturally aligned");
        assertEquals(Hcall.H_P4, h.setQueueConfig(regs(0, 0, 6, 16L << 20, 16)), "outside RAM");
        assertEquals(Hcall.H_P4, h.setQueueConfig(regs(0, 0, 6, SpaprXive.VC_BASE, 16)), "MMIO is not a queue");
        assertEquals(Hcall.H_P4, h.setQueueConfig(regs(0, 0, 6, -1L << 24, 24)));
        assertEquals(Hcall.H_PARAMETER, h.getQueueInfo(regs(1, 0, 6)));
        assertEquals(Hcall.H_P3, h.getQueueInfo(regs(0, 0, 8)));
        assertEquals(Hcall.H_P2, h.getQueueInfo(regs(0, 2, 6)));
        assertEquals(Hcall.H_PARAMETER, h.getQueueConfig(regs(2, 0, 6)));
        assertEquals(Hcall.H_P3, h.getQueueConfig(regs(0, 0, 0xff)));
        assertEquals(Hcall.H_P2, h.getQueueConfig(regs(0, -7, 6)));
    }

    @Test
    void esbHcallDrivesTheLsi() {
        b.setCppr(0, 0xff);
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        assertEquals(Hcall.H_SUCCESS, h.setSourceConfig(regs(XiveHcalls.SRC_SET_EISN, XiveTestBench.LSI, 0, 6, 0x77)));
        Regs r = regs(0, XiveTestBench.LSI, Esb.SET_PQ_00, 0);
        assertEquals(Hcall.H_SUCCESS, h.esb(r));
        assertEquals(Esb.OFF, r.gpr[4], "old PQ");
        b.lsi.set(true);
        r = regs(0, XiveTestBench.LSI, Esb.GET, 0);
        h.esb(r);
        assertEquals(Esb.PENDING, r.gpr[4]);
        r = regs(0, XiveTestBench.LSI, Esb.LOAD_EOI, 0);
        h.esb(r);
        assertEquals(1, r.gpr[4], "still asserted: re-fired");
        assertEquals(0x8000_0077, b.queueWord(XiveTestBench.QADDR, 1));
        r = regs(XiveHcalls.ESB_STORE, XiveTestBench.LSI, 0xd00, 0);
        assertEquals(Hcall.H_SUCCESS, h.esb(r));
        assertEquals(-1L, r.gpr[4]);
        assertEquals(Esb.OFF, b.xive.pq(XiveTestBench.LSI));

        assertEquals(Hcall.H_PARAMETER, h.esb(regs(2, XiveTestBench.LSI, 0, 0)));
        assertEquals(Hcall.H_P2, h.esb(regs(0, 0x1fff, 0, 0)));
        assertEquals(Hcall.H_P3, h.esb(regs(0, XiveTestBench.LSI, (1L << 17) + 1, 0)));
        assertEquals(Hcall.H_P3, h.esb(regs(0, XiveTestBench.LSI, -8, 0)));
        // the last source's offset at the limit stays inside the machine: an invalid load, all ones
        Regs edge = regs(0, XiveTestBench.LSI, 1L << 17, 0);
        assertEquals(Hcall.H_SUCCESS, h.esb(edge));
    }

    @Test
    void syncAndReset() {
        assertEquals(Hcall.H_SUCCESS, h.sync(regs(0, XiveTestBench.MSI)));
        assertEquals(Hcall.H_PARAMETER, h.sync(regs(1, XiveTestBench.MSI)));
        assertEquals(Hcall.H_P2, h.sync(regs(0, 0x1234)));
        b.queue(0, 6, XiveTestBench.QADDR, 12);
        b.route(XiveTestBench.MSI, 0, 6, 1);
        assertEquals(Esb.RESET, b.xive.pq(XiveTestBench.MSI));
        assertEquals(Hcall.H_PARAMETER, h.reset(regs(1)));
        assertEquals(Hcall.H_SUCCESS, h.reset(regs(0)));
        assertEquals(Esb.OFF, b.xive.pq(XiveTestBench.MSI));
        assertEquals(true, b.xive.easMasked(XiveTestBench.MSI));
        assertEquals(false, b.xive.end(0, 6).valid);
        Regs r = regs(0, XiveTestBench.MSI);
        assertEquals(Hcall.H_SUCCESS, h.getSourceInfo(r), "sources stay claimed (EAS valid) after H_INT_RESET");
    }
}
