package org.jpseries.spapr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.junit.jupiter.api.Test;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.Hcalls;

/** Hypercalls and RTAS through the platform's dispatch table, with a fake register file. */
class HcallsTest extends PlatformFixture {
    SpaprPlatform p;
    GuestRam ram;

    void boot() throws Exception {
        p = platform(CpuModel.POWER9, 0, 0);
        p.reset();
        ram = ramOf(p);
        events.clear();
    }

    Regs hcall(int vcpu, long... r3up) {
        Regs r = new Regs(vcpu, r3up);
        p.hcalls().dispatch(r);
        return r;
    }

    @Test
    void unknownHcallIsHFunctionAndLoggedUnderUnimp() {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        Hcalls h = new Hcalls(new GuestLog(false, true, new PrintStream(logged, true)));
        Regs r = new Regs(0, 0x1234);
        h.dispatch(r);
        assertEquals(Hcall.H_FUNCTION, r.gpr[3]);
        assertTrue(logged.toString().contains("Unimplemented SPAPR hcall 0x1234"), logged.toString());
        h.register(0x40, x -> x.gpr(4) > 0 ? Hcall.H_SUCCESS : Hcall.H_P2);
        Regs ok = new Regs(0, 0x40, 1);
        h.dispatch(ok);
        assertEquals(0, ok.gpr[3]);
    }

    @Test
    void setModeStoresIleAndAil() throws Exception {
        boot();
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_SET_MODE, 1, 4, 0, 0).gpr[3]);
        assertTrue(p.state().interruptLittleEndian);
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_SET_MODE, 3, 3, 0, 0).gpr[3]);
        assertEquals(3, p.state().ail);
        assertEquals(Hcall.H_UNSUPPORTED_FLAG, hcall(0, Hcall.H_SET_MODE, 1, 3, 0, 0).gpr[3], "AIL 1 is reserved");
        assertEquals(Hcall.H_UNSUPPORTED_FLAG, hcall(0, Hcall.H_SET_MODE, 2, 4, 0, 0).gpr[3]);
        assertEquals(Hcall.H_P3, hcall(0, Hcall.H_SET_MODE, 0, 4, 1, 0).gpr[3]);
        assertEquals(Hcall.H_P2, hcall(0, Hcall.H_SET_MODE, 0, 2, 0, 0).gpr[3], "DAWR not implemented");
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_SET_MODE, 0, 4, 0, 0).gpr[3]);
        assertFalse(p.state().interruptLittleEndian);
        p.reset();
        assertEquals(0, p.state().ail, "reset clears LPCR state");
    }

    @Test
    void registerVpaChecksAlignmentSizeAndOrder() throws Exception {
        boot();
        long vpa = 0x2000000;
        ram.write(vpa + 4, new byte[] {0x02, (byte) 0x80}, 0, 2); // size 640
        long slb = 0x2001000;
        ram.writeBE32(slb + 4, 0x100);
        assertEquals(Hcall.H_RESOURCE, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_6000_0000_0000L, 0, slb).gpr[3], "SLB shadow needs a VPA");
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_2000_0000_0000L, 0, vpa + 8).gpr[3], "not cache-line aligned");
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_2000_0000_0000L, 7, vpa).gpr[3], "no such vCPU");
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_2000_0000_0000L, 1, vpa).gpr[3]);
        assertEquals(2, ram.readU8(vpa + 9), "shared-processor flag set in the VPA");
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_6000_0000_0000L, 1, slb).gpr[3]);
        assertEquals(Hcall.H_RESOURCE, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_a000_0000_0000L, 1, 0).gpr[3], "deregister SLB shadow first");
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_e000_0000_0000L, 1, 0).gpr[3]);
        ram.writeBE32(slb + 4, 0x1000);
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_6000_0000_0000L, 1, slb + 8).gpr[3],
                "an SLB shadow may not cross a page");
        long dtl = 0x2003000;
        ram.writeBE32(dtl + 4, 0x2000);
        assertEquals(Hcall.H_RESOURCE, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_4000_0000_0000L, 0, dtl).gpr[3], "DTL needs a VPA");
        ram.writeBE32(dtl + 4, 47);
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_4000_0000_0000L, 1, dtl).gpr[3], "smaller than one entry");
        assertEquals(Hcall.H_HARDWARE, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_4000_0000_0000L, 1, 0).gpr[3]);
        ram.writeBE32(dtl + 4, 0x2000);
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_4000_0000_0000L, 1, dtl).gpr[3], "a DTL may span pages");
        assertEquals(Hcall.H_RESOURCE, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_a000_0000_0000L, 1, 0).gpr[3], "deregister the DTL first");
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_c000_0000_0000L, 1, 0).gpr[3]);
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_a000_0000_0000L, 1, 0).gpr[3]);
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_VPA, 0x0000_2000_0000_0000L, 0, ram.size() - 128).gpr[3],
                "a VPA off the end of RAM");
    }

    @Test
    void cedeProdConferGoThroughVcpuControl() throws Exception {
        boot();
        hcall(1, Hcall.H_CEDE);
        hcall(0, Hcall.H_PROD, 1);
        hcall(0, Hcall.H_CONFER, -1, 0);
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_PROD, 5).gpr[3]);
        assertEquals(java.util.List.of("cede 1", "prod 1", "confer 0 -1"), events);
    }

    @Test
    void signalSysResetReachesOneAllOrAllOtherVcpus() throws Exception {
        boot();
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_SIGNAL_SYS_RESET, 1).gpr[3]);
        assertEquals(Hcall.H_SUCCESS, hcall(1, Hcall.H_SIGNAL_SYS_RESET, -2).gpr[3]);
        assertEquals(Hcall.H_SUCCESS, hcall(1, Hcall.H_SIGNAL_SYS_RESET, -1).gpr[3]);
        assertEquals(java.util.List.of("sreset 1", "sreset 0", "sreset 0", "sreset 1"), events);
        events.clear();
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_SIGNAL_SYS_RESET, 2).gpr[3], "no vCPU 2");
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_SIGNAL_SYS_RESET, -3).gpr[3], "below ALL_OTHERS");
        assertEquals(java.util.List.of(), events);
    }

    @Test
    void cpuCharacteristicsRandomAndProcessTable() throws Exception {
        boot();
        Regs c = hcall(0, Hcall.H_GET_CPU_CHARACTERISTICS);
        assertEquals(0, c.gpr[3]);
        assertEquals(0, c.gpr[4]);
        assertEquals(1L << 62, c.gpr[5]);
        Regs a = hcall(0, Hcall.H_RANDOM), b = hcall(0, Hcall.H_RANDOM);
        assertEquals(0, a.gpr[3]);
        assertTrue(a.gpr[4] != b.gpr[4]);
        // Linux on POWER9 with hash: PROC_TABLE_NEW (modify|register), no radix, no table
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x18, 0, 0, 0).gpr[3]);
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x04, 0, 0, 0).gpr[3], "keep: not radix now");
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1a, 0, 0, 0).gpr[3], "segment tables refused");
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x100, 0, 0, 0).gpr[3]);
        assertEquals(Hcall.H_P2, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x18, 1L << 38, 0, 0).gpr[3], "hash: base below 2^38 (QEMU)");
    }

    @Test
    void registerProcTblRecordsRadixAndGtseAndResetDropsIt() throws Exception {
        boot();
        PlatformState st = p.state();
        // Linux radix on pseries: PROC_TABLE_NEW | RADIX | GTSE, a 64K table (size 2^(4+12))
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1d, 0x2010000, 0, 4).gpr[3]);
        assertEquals(0x8000_0000_0201_0004L, st.processTableEntry, "PATE1 = GR | base | size");
        assertTrue(st.hostRadix && st.useProcessTable && st.guestTranslationShootdown);
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x04, 0, 0, 0).gpr[3], "keep radix");
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x00, 0, 0, 0).gpr[3], "keep hash: mismatch");
        assertEquals(0x8000_0000_0201_0004L, st.processTableEntry);
        assertEquals(Hcall.H_P2, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1c, 0x2010800, 0, 4).gpr[3], "unaligned base");
        assertEquals(Hcall.H_P2, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1c, 1L << 60, 0, 4).gpr[3], "base beyond 2^60");
        assertEquals(Hcall.H_P3, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1c, 0x2010000, 1, 4).gpr[3], "radix has no page size");
        assertEquals(Hcall.H_P4, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1c, 0x2010000, 0, 25).gpr[3]);
        assertEquals(Hcall.H_P4, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1c, 0x2010000, 0, -1).gpr[3], "sizes are unsigned");
        assertTrue(st.hostRadix, "failed calls change nothing");
        // deregistration keeps GR only and clears the LPCR bits
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x10, 0, 0, 0).gpr[3]);
        assertEquals(0x8000_0000_0000_0000L, st.processTableEntry);
        assertFalse(st.hostRadix || st.useProcessTable || st.guestTranslationShootdown);
        // radix again without GTSE, then a machine reset puts the partition back to hash
        assertEquals(Hcall.H_SUCCESS, hcall(0, Hcall.H_REGISTER_PROC_TBL, 0x1c, 0x2010000, 0, 4).gpr[3]);
        assertTrue(st.hostRadix && !st.guestTranslationShootdown);
        p.reset();
        assertEquals(0, st.processTableEntry);
        assertFalse(st.hostRadix || st.useProcessTable || st.guestTranslationShootdown, "reset drops the registration");
    }

    @Test
    void consolePutAndGetPackBytesBigEndianAndInputRaisesTheInterrupt() throws Exception {
        boot();
        Regs put = hcall(0, Hcall.H_PUT_TERM_CHAR, 0x71000000, 10, 0x48656c6c6f2c2077L, 0x6f726c6400000000L);
        assertEquals(0, put.gpr[3]);
        assertEquals("Hello, wor", console.toString(StandardCharsets.US_ASCII));
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_PUT_TERM_CHAR, 0x71000000, 17, 0, 0).gpr[3]);
        assertEquals(Hcall.H_PARAMETER, hcall(0, Hcall.H_PUT_TERM_CHAR, 0x71000005, 1, 0, 0).gpr[3]);
        // route the console interrupt like Linux does (ibm,set-xive server 0 priority 5, CPPR 0xff)
        rtas(0, 0x200A, 3, 1, 0x1100, 0, 5);
        hcall(0, Hcall.H_CPPR, 0xff);
        events.clear();
        for (byte ch : "ls\r".getBytes()) p.console().receive(ch);
        assertEquals(java.util.List.of("irq 0+"), events, "one edge: the ring was empty only for the first byte");
        Regs x = hcall(0, Hcall.H_XIRR);
        assertEquals(0xff001100L, x.gpr[4]);
        Regs get = hcall(0, Hcall.H_GET_TERM_CHAR, 0x71000000);
        assertEquals(3, get.gpr[4]);
        assertEquals(0x6c730d0000000000L, get.gpr[5]);
        assertEquals(0, get.gpr[6]);
        assertEquals(0, hcall(0, Hcall.H_GET_TERM_CHAR, 0).gpr[4], "vterm 0 is the default console");
        hcall(0, Hcall.H_EOI, 0xff001100L);
    }

    /** Builds an RTAS argument block at 0x10000 and calls KVMPPC_H_RTAS; returns the rets. */
    int[] rtas(int vcpu, int token, int nargs, int nret, long... args) {
        long blk = 0x10000;
        ram.writeBE32(blk, token);
        ram.writeBE32(blk + 4, nargs);
        ram.writeBE32(blk + 8, nret);
        for (int i = 0; i < nargs; i++) ram.writeBE32(blk + 12 + 4L * i, (int) args[i]);
        Regs r = hcall(vcpu, Hcall.KVMPPC_H_RTAS, blk);
        rtasStatus = r.gpr[3];
        int[] rets = new int[nret];
        for (int i = 0; i < nret; i++) rets[i] = ram.readBE32(blk + 12 + 4L * (nargs + i));
        return rets;
    }

    long rtasStatus;

    @Test
    void rtasTimeOfDayAndSetTimeOfDay() throws Exception {
        boot();
        int[] t = rtas(0, 0x2001, 0, 8);
        assertEquals(0, t[0]);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        assertTrue(Math.abs(t[1] - now.getYear()) <= 1);
        assertTrue(t[2] >= 1 && t[2] <= 12);
        assertEquals(0, rtas(0, 0x2002, 7, 1, 2001, 2, 3, 4, 5, 6, 0)[0]);
        t = rtas(0, 0x2001, 0, 8);
        assertEquals(2001, t[1]);
        assertEquals(2, t[2]);
        assertEquals(3, t[3]);
        assertEquals(-3, rtas(0, 0x2001, 0, 3)[0], "nret must be 8");
        assertEquals(-3, rtas(0, 0x2002, 7, 1, 2001, 13, 3, 4, 5, 6, 0)[0], "month 13");
    }

    @Test
    void rtasXiveCallsConfigureTheIcs() throws Exception {
        boot();
        assertEquals(0, rtas(0, 0x200A, 3, 1, 0x1100, 1, 5)[0]);
        int[] g = rtas(0, 0x200B, 1, 3, 0x1100);
        assertEquals(0, g[0]);
        assertEquals(1, g[1]);
        assertEquals(5, g[2]);
        assertEquals(0, rtas(0, 0x200C, 1, 1, 0x1100)[0]);
        assertEquals(0xff, rtas(0, 0x200B, 1, 3, 0x1100)[2]);
        assertEquals(0, rtas(0, 0x200D, 1, 1, 0x1100)[0]);
        assertEquals(5, rtas(0, 0x200B, 1, 3, 0x1100)[2]);
        assertEquals(-3, rtas(0, 0x200A, 3, 1, 0x0999, 0, 5)[0], "not an ICS source");
        assertEquals(-3, rtas(0, 0x200A, 3, 1, 0x1100, 9, 5)[0], "no server 9");
        assertEquals(-3, rtas(0, 0x200A, 3, 1, 0x1100, 0, 0x100)[0], "priority > 0xff");
    }

    @Test
    void rtasNvramRoundTripAndBounds() throws Exception {
        boot();
        byte[] data = "jpseries nvram".getBytes();
        ram.write(0x20000, data, 0, data.length);
        int[] s = rtas(0, 0x2013, 3, 2, 100, 0x20000, data.length);
        assertEquals(0, s[0]);
        assertEquals(data.length, s[1]);
        int[] f = rtas(0, 0x2012, 3, 2, 100, 0x30000, data.length);
        assertEquals(0, f[0]);
        byte[] back = new byte[data.length];
        ram.read(0x30000, back, 0, back.length);
        assertEquals("jpseries nvram", new String(back));
        assertEquals(-3, rtas(0, 0x2012, 3, 2, 65536, 0x30000, 1)[0]);
        assertEquals(-3, rtas(0, 0x2012, 3, 2, 65530, 0x30000, 7)[0]);
        assertEquals(-3, rtas(0, 0x2013, 3, 2, 0, ram.size() - 2, 8)[0], "guest buffer off the end of RAM");
        assertEquals(-3, rtas(0, 0x2012, 2, 2, 100, 0x30000)[0], "nvram-fetch takes 3 arguments");
        assertEquals(-3, rtas(0, 0x2013, 3, 1, 100, 0x20000, data.length)[0], "nvram-store returns 2 results");
    }

    @Test
    void rtasPowerCpuEventsAndUnknownTokens() throws Exception {
        boot();
        assertEquals(-3, rtas(0, 0x2003, 1, 1, -1)[0], "power-off takes 2 arguments");
        assertEquals(-3, rtas(0, 0x2004, 1, 1, 0)[0], "system-reboot takes none");
        assertEquals(0, rtas(0, 0x2003, 2, 1, -1, -1)[0]);
        assertEquals(0, rtas(0, 0x2004, 0, 1)[0]);
        int[] q = rtas(0, 0x2005, 1, 2, 1);
        assertEquals(0, q[0]);
        assertEquals(0, q[1], "vCPU 1 is stopped");
        assertEquals(2, rtas(0, 0x2005, 1, 2, 0)[1], "vCPU 0 runs");
        assertEquals(0, rtas(0, 0x2006, 3, 1, 1, 0x60, 0x1)[0]);
        assertEquals(-1, rtas(0, 0x2006, 3, 1, 0, 0x60, 0x1)[0], "vCPU 0 is not stopped");
        assertEquals(-3, rtas(0, 0x2006, 3, 1, 7, 0x60, 0x1)[0]);
        rtas(1, 0x2007, 0, 1);
        assertEquals(1, rtas(0, 0x200F, 4, 1, 0, 0, 0x40000, 0x800)[0], "event-scan: no errors found");
        assertEquals(1, rtas(0, 0x200E, 6, 1, 0x500, 0, 0, 0x40000, 0x800, 0)[0]);
        rtas(0, 0x2000, 1, 1, 'X');
        rtas(0, 0xa, 1, 1, 'Y');
        assertEquals("XY", console.toString(StandardCharsets.US_ASCII), "display-character, also by the legacy token 0xa");
        ram.write(0x50000, "Kernel panic\0".getBytes(), 0, 13);
        assertEquals(0, rtas(0, 0x201F, 1, 1, 0x50000)[0]);
        rtas(0, 0x2999, 0, 1);
        assertEquals(Hcall.H_PARAMETER, rtasStatus);
        assertEquals(java.util.List.of("poweroff", "reset", "start 1 0x60 0x1", "stop 1", "panic Kernel panic"), events);
        Regs off = hcall(0, Hcall.KVMPPC_H_RTAS, ram.size() - 4);
        assertEquals(Hcall.H_PARAMETER, off.gpr[3]);
    }

    @Test
    void casThroughTheClientInterfaceUpdatesTheLiveTree() throws Exception {
        p = platform(CpuModel.POWER9, 0x0f000004, 0);
        p.reset();
        ram = ramOf(p);
        byte[] vec = org.jpseries.spapr.cas.CasVectors.linux61(0, 0, 0);
        ram.write(0x60000, vec, 0, vec.length);
        assertEquals(0, p.clientArchitectureSupport(0x60000));
        assertEquals(0x0f000004, p.compatPvr());
        assertEquals(0x0f000004, p.tree().find("/cpus/PowerPC,POWER9@1").getCell("cpu-version", 0));
        assertEquals(26, p.tree().find("/cpus/PowerPC,POWER9@1").get("ibm,pa-features").length);
        // a guest asking for XIVE on this XICS-only machine: fatal, reported to the machine
        byte[] xive = org.jpseries.spapr.cas.CasVectors.linux61(0x40, 0, 0);
        ram.write(0x60000, xive, 0, xive.length);
        assertTrue(p.clientArchitectureSupport(0x60000) != 0);
        assertTrue(p.casFatal().contains("XIVE"));
    }
}
