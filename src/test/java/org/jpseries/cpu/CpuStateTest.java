package org.jpseries.cpu;

import static org.jpseries.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jpseries.mmu.Mmu;
import org.jpseries.mmu.hash.PageSizes;
import org.jpseries.mmu.hash.Slb;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;
import org.jpseries.cpu.arch.Spr;

/** A vCPU's section (CpuState): complete, loaded back exactly, refused with the field named. */
class CpuStateTest {
    static final long MS = TimeBase.FREQUENCY / 1000;

    static Cpu cpu(CpuModel model, TimeBase tb) {
        Cpu c = new Cpu(model, new Mmu(null));
        c.timeBase = tb;
        c.sys.reset();
        return c;
    }

    static TimeBase stoppedTimeBase() {
        TimeBase tb = new TimeBase();
        tb.stop();
        return tb;
    }

    static Section save(Cpu c) {
        Section s = new Section("cpu", 1, CpuState.VERSION);
        CpuState.save(c, s);
        return s;
    }

    static void assertSame(Section expected, Section actual) {
        List<String> d = expected.diff(actual);
        assertTrue(d.isEmpty(), () -> "sections differ:\n" + String.join("\n", d));
    }

    /**
     * Distinct random values in every register CpuState saves. With an {@code msr} the MSR is
     * that value and no system reset is pending (a rig that runs code); with null it is random.
     */
    static void fill(Cpu c, Random r, Long msr) {
        for (int i = 0; i < c.gpr.length; i++) c.gpr[i] = r.nextLong();
        for (int i = 0; i < c.vsr.length; i++) c.vsr[i] = r.nextLong();
        c.cr = r.nextInt();
        c.lr = r.nextLong();
        c.ctr = r.nextLong();
        c.setXer(r.nextLong());
        c.fpscr = r.nextLong();
        c.vscr = r.nextInt();
        c.vrsave = r.nextLong() & 0xFFFFFFFFL;
        c.dscr = r.nextLong();
        c.ppr = r.nextLong();
        c.tar = r.nextLong();
        c.nip = r.nextLong() & ~3L;
        for (int n : CpuState.storedSprs(c.model)) c.sys.spr[n] = r.nextLong();
        c.sys.spr[Spr.PVR] = c.model.pvr;
        c.writeMsr(msr != null ? msr : r.nextLong());
        c.sys.writeDecrementer(r.nextLong()); // after LPCR: its LD bit sets the width
        long[] sizes = {PageSizes.SLB_4K, PageSizes.SLB_64K, PageSizes.SLB_16M};
        for (int i = 0; i < Slb.SIZE; i++) {
            long vsid = (r.nextLong() & (Slb.VSID_VSID | Slb.VSID_KS | Slb.VSID_KP | Slb.VSID_N | Slb.VSID_C))
                    | (r.nextBoolean() ? Slb.VSID_B_1T : 0) | sizes[r.nextInt(sizes.length)];
            long esid = r.nextLong() & (Slb.ESID_MASK_256M | Slb.ESID_V);
            assertTrue(c.slb.move(vsid, esid | i));
        }
        if (r.nextBoolean()) c.raise(Cpu.PENDING_DOORBELL);
        if (msr == null && r.nextBoolean()) c.raise(Cpu.PENDING_SYSTEM_RESET);
        if (r.nextBoolean()) c.prod();
    }

    @Test
    void everyModelSavesLoadsAndSavesTheSameSection() throws StateException {
        for (CpuModel model : CpuModel.values()) {
            for (int seed = 0; seed < 20; seed++) {
                TimeBase tb = stoppedTimeBase();
                Cpu a = cpu(model, tb);
                fill(a, new Random(seed), null);
                Section first = save(a);
                Cpu b = cpu(model, tb);
                CpuState.load(first, b);
                assertSame(first, save(b));
                assertEquals(a.msr, b.msr);
                assertEquals(a.nip, b.nip);
                assertEquals(a.nip, b.cia, "between instructions cia is derived from nip");
                assertEquals(a.xer(), b.xer());
                assertEquals(a.sys.readDecrementer(), b.sys.readDecrementer(), "the guest reads the same DEC");
                assertEquals(a.pending & Cpu.PENDING_SAVED, b.pending & Cpu.PENDING_SAVED);
                assertEquals(a.mmu.bigEndian(), b.mmu.bigEndian(), "the byte order follows the loaded MSR");
                assertEquals(-1, b.reserveAddr);
                for (int i = 0; i < Slb.SIZE; i++) {
                    assertEquals(a.slb.readEsid(i), b.slb.readEsid(i));
                    assertEquals(a.slb.readVsid(i), b.slb.readVsid(i));
                }
            }
        }
    }

    @Test
    void theSectionHasTheDocumentedFieldsAndTheSlbSubsection() {
        Section s = save(cpu(CpuModel.POWER9, stoppedTimeBase()));
        assertEquals(List.of("gpr", "vsr", "cr", "lr", "ctr", "so", "ov", "ca", "ov32", "ca32", "xerCount", "fpscr", "vscr", "vrsave",
                "dscr", "ppr", "tar", "msr", "nip", "sprNumbers", "spr", "dec", "pending", "prodded"), s.fieldNames());
        assertEquals(1, s.subsections().size());
        Section slb = s.subsection(CpuState.SLB);
        assertEquals(List.of("esid", "vsid"), slb.fieldNames());
        int[] numbers = (int[]) s.rawValue("sprNumbers");
        for (int n : new int[] {Spr.PVR, Spr.PCR, Spr.LPCR, Spr.PIR, Spr.SRR0, Spr.SPRG3, Spr.AMR, Spr.PIDR, Spr.CTRL_READ}) {
            assertTrue(java.util.Arrays.stream(numbers).anyMatch(x -> x == n), "SPR " + n + " saved");
        }
        for (int n : new int[] {Spr.DEC, Spr.PURR, Spr.AMR_USER, Spr.DSCR, Spr.CTRL_WRITE, Spr.SPRG3_USER}) {
            assertFalse(java.util.Arrays.stream(numbers).anyMatch(x -> x == n), "SPR " + n + " is computed or an alias");
        }
    }

    /** A fixed-point, FP and vector sequence that reads XER[CA], CR, LR, CTR, VRSAVE, FPSCR and sets VSCR[SAT]. */
    static final int[] PROGRAM = {
        add(3, 4, 5, true, true), addc(6, 7, 8, true, false), adde(9, 10, 11, true, true), mfcr(12), mfspr(13, 1),
        mfspr(14, 8), mfspr(15, 9), mulld(16, 17, 18, true, true), subfe(19, 20, 21, true, true), mfspr(22, 256),
        63 << 26 | 1 << 21 | 2 << 16 | 3 << 11 | 21 << 1, // fadd f1,f2,f3 (rounds as FPSCR[RN] says)
        4 << 26 | 1 << 21 | 2 << 16 | 3 << 11 | 896, // vaddsws v1,v2,v3 (saturates into VSCR[SAT])
        add(23, 3, 12, false, true),
    };

    @Test
    void executionContinuesIdenticallyAfterALoad() throws StateException {
        long msr = Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_LE | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX;
        for (int seed = 0; seed < 10; seed++) {
            TimeBase tb = stoppedTimeBase();
            GuestCode a = new GuestCode(CpuModel.POWER9), b = new GuestCode(CpuModel.POWER9);
            for (GuestCode g : List.of(a, b)) {
                g.cpu.timeBase = tb;
                g.cpu.sys.reset();
                g.load(GuestCode.CODE, PROGRAM, true);
            }
            fill(a.cpu, new Random(100 + seed), msr);
            a.cpu.nip = GuestCode.CODE + 4 * (seed % 3); // resume anywhere in the sequence
            CpuState.load(save(a.cpu), b.cpu);
            assertEquals(a.cpu.nip, b.cpu.nip);

            a.runFrom(a.cpu.nip, false);
            b.runFrom(b.cpu.nip, false);
            for (GuestCode g : List.of(a, b)) {
                assertNull(g.interrupt, "no interrupt");
                assertEquals(1, g.systemCalls, "ran to the sc");
            }
            assertSame(save(a.cpu), save(b.cpu));
        }
    }

    @Test
    void aPower9SectionIsRefusedByAPower8Cpu() throws StateException {
        TimeBase tb = stoppedTimeBase();
        Cpu p9 = cpu(CpuModel.POWER9, tb);
        fill(p9, new Random(7), null);
        Cpu p8 = cpu(CpuModel.POWER8, tb);
        Section before = save(p8);
        StateException e = assertThrows(StateException.class, () -> CpuState.load(save(p9), p8));
        assertEquals(String.format("section cpu[1]: PVR 0x%08x (POWER9) does not match this CPU (POWER8), and the vCPU runs at no compat PVR", CpuModel.POWER9.pvr), e.getMessage());
        assertSame(before, save(p8));
    }

    /** {@code s} with field {@code drop} left out and {@code field} (if not null) replaced by {@code value}. */
    static Section edit(Section s, String drop, String field, Object value) throws StateException {
        Section out = new Section(s.name(), s.instance(), s.version());
        for (String f : s.fieldNames()) {
            if (f.equals(drop)) continue;
            out.putDecoded(f, f.equals(field) ? value : s.rawValue(f));
        }
        for (Section sub : s.subsections()) {
            if (!sub.name().equals(drop)) out.sub(sub);
        }
        return out;
    }

    static String refusal(Section s) {
        Cpu target = cpu(CpuModel.POWER9, stoppedTimeBase());
        Section before = save(target);
        StateException e = assertThrows(StateException.class, () -> CpuState.load(s, target));
        assertSame(before, save(target)); // refused, not half-loaded
        return e.getMessage();
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() throws StateException {
        Cpu a = cpu(CpuModel.POWER9, stoppedTimeBase());
        fill(a, new Random(3), null);
        Section s = save(a);
        assertEquals("section cpu[1]: field msr is missing", refusal(edit(s, "msr", null, null)));
        assertEquals("section cpu[1]: field lr is INT, expected LONG", refusal(edit(s, null, "lr", 5)));
        assertEquals("section cpu[1]: field gpr has 31 values, expected 32", refusal(edit(s, null, "gpr", new long[31])));
        assertEquals("section cpu[1]: field xerCount = 128 is outside 0..127", refusal(edit(s, null, "xerCount", 128)));
        assertEquals("section cpu[1]: subsection slb is missing", refusal(edit(s, "slb", null, null)));
        assertTrue(refusal(edit(s, null, "pending", 0x100)).startsWith("section cpu[1]: field pending = 0x100 has bits that are not saved state"));
        assertEquals("section cpu[1]: field spr has 3 values for " + ((int[]) s.rawValue("sprNumbers")).length + " numbers in sprNumbers",
                refusal(edit(s, null, "spr", new long[3])));
        int[] numbers = ((int[]) s.rawValue("sprNumbers")).clone();
        int pidr = java.util.Arrays.binarySearch(numbers, Spr.PIDR);
        numbers[pidr] = 1000; // not an SPR, and PIDR is gone
        assertEquals("section cpu[1]: field sprNumbers lacks SPR " + Spr.PIDR + " of this CPU (POWER9)", refusal(edit(s, null, "sprNumbers", numbers)));

        Section badSlb = new Section(CpuState.SLB, 1, CpuState.SLB_VERSION);
        long[] vsid = new long[Slb.SIZE];
        vsid[5] = Slb.VSID_B; // B = 3: a reserved segment size
        Section s2 = edit(s, "slb", null, null).sub(badSlb.longs("esid", new long[Slb.SIZE]).longs("vsid", vsid));
        assertEquals("section cpu[1].slb: entry 5 (esid 0x0, vsid 0xc000000000000000) is not one slbmte can make", refusal(s2));
    }

    @Test
    void theDecrementerCountsOnFromItsRemainingValueAfterResume() throws Exception {
        TimeBase tbA = stoppedTimeBase();
        Cpu a = cpu(CpuModel.POWER9, tbA);
        a.sys.writeDecrementer(30 * MS);
        Thread.sleep(20); // stopped: DEC does not move
        List<Section> tbSections = new java.util.ArrayList<>();
        tbA.saveState(tbSections::add);
        Section s = save(a);
        assertEquals(30 * MS, s.i64("dec"));

        TimeBase tbB = stoppedTimeBase();
        tbB.loadState(tbSections.get(0)); // the time base first, then the vCPU
        Cpu b = cpu(CpuModel.POWER9, tbB);
        CpuState.load(s, b);
        assertEquals(30 * MS, b.sys.readDecrementer());
        Thread.sleep(50);
        assertEquals(0, b.pending & Cpu.PENDING_DECREMENTER, "no expiry while stopped");
        long resumedAt = tbB.read();
        tbB.resume();
        long end = System.nanoTime() + 3_000_000_000L;
        while ((b.pending & Cpu.PENDING_DECREMENTER) == 0) {
            if (System.nanoTime() > end) throw new AssertionError("the restored decrementer never fired");
            Thread.sleep(1);
        }
        assertTrue(tbB.read() - resumedAt >= 30 * MS, "not before its remaining count passed");
    }

    @Test
    void theDecrementerExceptionIsKeptAsSaved() throws StateException {
        TimeBase tb = stoppedTimeBase();
        Cpu reset = cpu(CpuModel.POWER9, tb); // DEC -1 without an exception (cpu_ppc_tb_reset)
        Cpu b = cpu(CpuModel.POWER9, tb);
        b.sys.writeDecrementer(-1);
        CpuState.load(save(reset), b);
        assertEquals(0, b.pending & Cpu.PENDING_DECREMENTER, "a reset DEC has no exception pending");
        assertEquals(0xFFFF_FFFFL, b.sys.readDecrementer());

        Cpu negative = cpu(CpuModel.POWER9, tb);
        negative.sys.writeDecrementer(-5);
        Cpu c = cpu(CpuModel.POWER9, tb);
        CpuState.load(save(negative), c);
        assertEquals(Cpu.PENDING_DECREMENTER, c.pending & Cpu.PENDING_DECREMENTER);
        assertEquals(0xFFFF_FFFBL, c.sys.readDecrementer());
    }

    @Test
    void aDeadlinePassedBeforeTheStopIsPendingAfterTheLoad() throws Exception {
        TimeBase tb = new TimeBase();
        Cpu a = cpu(CpuModel.POWER9, tb);
        a.sys.writeDecrementer(0); // passes zero on the next tick
        Thread.sleep(2);
        tb.stop(); // whether or not the timer thread has served it yet
        Section s = save(a);
        assertTrue(s.i64("dec") < 0);
        assertEquals(Cpu.PENDING_DECREMENTER, s.i32("pending") & Cpu.PENDING_DECREMENTER);
        Cpu b = cpu(CpuModel.POWER9, stoppedTimeBase());
        CpuState.load(s, b);
        assertEquals(Cpu.PENDING_DECREMENTER, b.pending & Cpu.PENDING_DECREMENTER);
    }

    @Test
    void aLoadDropsTheReservationAndEveryCachedTranslationRequest() throws StateException {
        TimeBase tb = stoppedTimeBase();
        Cpu a = cpu(CpuModel.POWER9, tb);
        Cpu b = cpu(CpuModel.POWER9, tb);
        b.reserveAddr = 0x1000;
        b.reserveLength = 8;
        b.invalidateRealRange(0, 4096);
        b.raise(Cpu.PENDING_TLB_FLUSH | Cpu.PENDING_EXTERNAL);
        long epoch = b.mmu.epoch();
        CpuState.load(save(a), b);
        assertEquals(-1, b.reserveAddr);
        assertTrue(b.tlbRanges.isEmpty());
        assertTrue(b.mmu.epoch() > epoch, "the software TLB was flushed");
        assertEquals(Cpu.PENDING_REFETCH, b.pending & (Cpu.PENDING_REFETCH | Cpu.PENDING_TLB_FLUSH | Cpu.PENDING_TLB_RANGES));
        assertEquals(Cpu.PENDING_EXTERNAL, b.pending & Cpu.PENDING_EXTERNAL, "the interrupt controller's line is its own");
        assertArrayEquals(a.gpr, b.gpr);
    }
}
