package org.jpseries.cpu;

import java.util.Arrays;
import org.jpseries.mmu.hash.Slb;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.cpu.arch.Spr;

/**
 * The versioned state of one vCPU, {@link Cpu} to {@link Section} and back (QEMU's "cpu"
 * VMStateDescription, target/ppc/machine.c, with its cpu_pre_save/cpu_post_load). Everything
 * the guest can observe is sent, always: no field or subsection is left out because it holds its
 * reset value (QEMU's cpu/compat once was, and a compat mode of 0 was then lost).
 *
 * <p>Fields: {@code gpr} (32 longs), {@code vsr} (128 longs: VSR[i] as doublewords 2i, 2i+1,
 * which hold the FPRs and VRs), {@code cr}, {@code lr}, {@code ctr}, the XER as {@code so ov ca
 * ov32 ca32} and {@code xerCount}, {@code fpscr}, {@code vscr}, {@code vrsave}, {@code dscr},
 * {@code ppr}, {@code tar}, {@code msr}, {@code nip} (where the stopped vCPU resumes),
 * {@code sprNumbers} with {@code spr} (every SPR {@link Spr#stored} on this model, PVR, LPCR and
 * PCR included, in ascending number), {@code dec} (the decrementer's remaining count, see
 * {@link SystemRegisters#decrementerRemaining}), {@code pending} (the bits of
 * {@link Cpu#PENDING_SAVED}) and {@code prodded} (an H_PROD not yet consumed). Subsection
 * {@code slb}: {@code esid} and {@code vsid}, all {@link Slb#SIZE} entries (every model jpseries
 * emulates has an SLB: POWER8 to POWER10, Book III 5.7.7).
 *
 * <p>Not saved: the larx reservation (dropped on load; Book II 1.7.3.1 lets a reservation be
 * lost at any time, the stcx. fails and the guest loops again), the software TLBs and the
 * requests to flush them (a load flushes everything), and the external interrupt line (the
 * interrupt controller asserts it again from its own state). Decoded code hangs off RAM pages,
 * which the RAM load drops as it writes them (GuestRam.write), and a decoded page records its
 * byte order, so none of it can outlive a load. The run state of the vCPU (started, ceded) and
 * the compat PVR belong to the machine's vCPU device, which wraps this section.
 *
 * <p>Across models (QEMU's cpu_post_load: with a compat PVR the saved PVR need not match): a
 * vCPU that runs at an architected level ({@link #load(Section, Cpu, boolean)} with
 * {@code architected}) may load the state of another model, for example POWER9 with
 * max-cpu-compat=power8 and POWER8. Field by field: the PVR stays the destination's own (the
 * guest reads the logical PVR from the device tree, and the real one is the host's); an SPR
 * only the destination keeps (PIDR, PSSCR on POWER9 from a POWER8) starts at 0, its reset value;
 * an SPR only the source kept must hold 0, else the load is refused naming it, as must the
 * ISA 3.00 LPCR fields ({@link Spr#LPCR_ISA300}) on a destination without ISA 3.00 (radix, the
 * large decrementer); LPCR's partition bits and PCR are the partition's, which the machine
 * gives every vCPU again after the load; XER's OV32/CA32 (ISA 3.00) are kept, a POWER8's
 * mtxer/mfxer keeping them too; everything else is common to every model.
 */
public final class CpuState {
    private CpuState() {}

    /** The version of the fields this class writes (the vCPU device's section version). */
    public static final int VERSION = 1;
    /** The SLB subsection and its version. */
    public static final String SLB = "slb";
    public static final int SLB_VERSION = 1;

    private static final int GPRS = 32, VSR_LONGS = 128;

    /** Adds the vCPU's state to {@code s}; the vCPU is stopped and its time base frozen. */
    public static void save(Cpu c, Section s) {
        s.longs("gpr", c.gpr).longs("vsr", c.vsr);
        s.i32("cr", c.cr).i64("lr", c.lr).i64("ctr", c.ctr);
        s.bool("so", c.so).bool("ov", c.ov).bool("ca", c.ca).bool("ov32", c.ov32).bool("ca32", c.ca32).i32("xerCount", c.xerCount);
        s.i64("fpscr", c.fpscr).i32("vscr", c.vscr).i64("vrsave", c.vrsave);
        s.i64("dscr", c.dscr).i64("ppr", c.ppr).i64("tar", c.tar);
        s.i64("msr", c.msr).i64("nip", c.nip);
        int[] numbers = storedSprs(c.model);
        long[] values = new long[numbers.length];
        for (int i = 0; i < numbers.length; i++) values[i] = c.sys.spr[numbers[i]];
        s.ints("sprNumbers", numbers).longs("spr", values);
        s.i64("dec", c.sys.decrementerRemaining());
        int pending = c.pending & Cpu.PENDING_SAVED & ~Cpu.PENDING_DECREMENTER;
        if (c.sys.decrementerPending()) pending |= Cpu.PENDING_DECREMENTER;
        s.i32("pending", pending).bool("prodded", c.prodded);

        Section slb = new Section(SLB, s.instance(), SLB_VERSION);
        long[] esid = new long[Slb.SIZE], vsid = new long[Slb.SIZE];
        for (int i = 0; i < Slb.SIZE; i++) {
            esid[i] = c.slb.readEsid(i);
            vsid[i] = c.slb.readVsid(i);
        }
        s.sub(slb.longs("esid", esid).longs("vsid", vsid));
    }

    /**
     * Loads {@code s} into {@code c}, a vCPU of the same model, stopped, on a time base that
     * already holds its loaded value. Every field is read and checked before anything changes, so
     * a refused section leaves the vCPU as it was. Then the caches go (software TLBs, queued
     * flush requests, the reservation), the MSR-derived state is rebuilt as {@link Cpu#writeMsr}
     * builds it and the decrementer is re-armed from its remaining count.
     */
    public static void load(Section s, Cpu c) throws StateException {
        load(s, c, false);
    }

    /**
     * As {@link #load(Section, Cpu)}; with {@code architected} (the vCPU runs at a logical PVR)
     * the state may be another model's, which the load adapts as the class comment says.
     */
    public static void load(Section s, Cpu c, boolean architected) throws StateException {
        // ---- read and check --------------------------------------------------------------
        int[] numbers = s.ints("sprNumbers");
        long[] values = s.longs("spr");
        if (values.length != numbers.length) {
            throw new StateException("section " + s.label() + ": field spr has " + values.length + " values for " + numbers.length
                    + " numbers in sprNumbers");
        }
        CpuModel source = checkPvr(s, c.model, numbers, values, architected);
        checkSprNumbers(s, source, c.model, numbers);
        if (source != c.model) checkAcrossModels(s, source, c.model, numbers, values);

        long[] gpr = new long[GPRS], vsr = new long[VSR_LONGS];
        s.longsInto("gpr", gpr);
        s.longsInto("vsr", vsr);
        int cr = s.i32("cr");
        long lr = s.i64("lr"), ctr = s.i64("ctr");
        boolean so = s.bool("so"), ov = s.bool("ov"), ca = s.bool("ca"), ov32 = s.bool("ov32"), ca32 = s.bool("ca32");
        int xerCount = s.i32("xerCount", 0, 0x7F);
        long fpscr = s.i64("fpscr");
        int vscr = s.i32("vscr");
        long vrsave = s.i64("vrsave"), dscr = s.i64("dscr"), ppr = s.i64("ppr"), tar = s.i64("tar");
        long msr = s.i64("msr"), nip = s.i64("nip");
        long dec = s.i64("dec");
        if (dec > SystemRegisters.MAX_DECREMENTER) {
            throw new StateException("section " + s.label() + ": field dec = 0x" + Long.toHexString(dec) + " is beyond the decrementer's "
                    + SystemRegisters.LARGE_DECREMENTER_BITS + " bits");
        }
        int pending = s.i32("pending");
        if ((pending & ~Cpu.PENDING_SAVED) != 0) {
            throw new StateException("section " + s.label() + ": field pending = 0x" + Integer.toHexString(pending)
                    + " has bits that are not saved state (0x" + Integer.toHexString(Cpu.PENDING_SAVED) + " are)");
        }
        boolean decPending = (pending & Cpu.PENDING_DECREMENTER) != 0;
        if (decPending && dec >= 0) {
            throw new StateException("section " + s.label() + ": field pending has the decrementer exception while dec = " + dec
                    + " has not passed zero");
        }
        boolean prodded = s.bool("prodded");

        Section slb = s.subsection(SLB);
        if (slb == null) throw new StateException("section " + s.label() + ": subsection " + SLB + " is missing");
        if (slb.version() != SLB_VERSION) {
            throw new StateException("section " + s.label() + "." + SLB + ": version " + slb.version() + ", expected " + SLB_VERSION);
        }
        long[] esid = new long[Slb.SIZE], vsid = new long[Slb.SIZE];
        slb.longsInto("esid", esid);
        slb.longsInto("vsid", vsid);
        Slb check = new Slb();
        for (int i = 0; i < Slb.SIZE; i++) {
            if (!check.move(vsid[i], esid[i] | i) || check.readEsid(i) != esid[i] || check.readVsid(i) != vsid[i]) {
                throw new StateException(String.format("section %s.%s: entry %d (esid 0x%x, vsid 0x%x) is not one slbmte can make",
                        s.label(), SLB, i, esid[i], vsid[i]));
            }
        }

        // ---- apply -------------------------------------------------------------------------
        System.arraycopy(gpr, 0, c.gpr, 0, GPRS);
        System.arraycopy(vsr, 0, c.vsr, 0, VSR_LONGS);
        c.cr = cr;
        c.lr = lr;
        c.ctr = ctr;
        c.so = so;
        c.ov = ov;
        c.ca = ca;
        c.ov32 = ov32;
        c.ca32 = ca32;
        c.xerCount = xerCount;
        c.fpscr = fpscr;
        c.vscr = vscr;
        c.vrsave = vrsave;
        c.dscr = dscr;
        c.ppr = ppr;
        c.tar = tar;
        // the SPRs before the decrementer: its width follows LPCR[LD]
        Arrays.fill(c.sys.spr, 0);
        for (int i = 0; i < numbers.length; i++) {
            if (Spr.stored(numbers[i], c.model.isaVersion)) c.sys.spr[numbers[i]] = values[i];
        }
        c.sys.spr[Spr.PVR] = c.model.pvr & 0xFFFFFFFFL; // the same value unless another model's state was loaded
        c.slb.reset();
        for (int i = 0; i < Slb.SIZE; i++) c.slb.move(vsid[i], esid[i] | i);

        c.reserveAddr = -1;
        c.reserveLength = 0;
        c.reserveValue = c.reserveValue2 = 0;
        // caches: every software TLB set and every queued request to drop part of one
        c.lower(Cpu.PENDING_TLB_FLUSH | Cpu.PENDING_TLB_RANGES | Cpu.PENDING_CODE_PAGES);
        c.tlbRanges.clear();
        c.codePages.clear();
        c.codePageCount.set(0);
        java.util.concurrent.atomic.AtomicLong seq = c.tlbFlushSeq;
        long seen = seq == null ? 0 : seq.get();
        c.mmu.flush();
        c.tlbFlushedSeq = seen;
        c.restoreMsr(msr);
        c.nip = c.cia = nip;

        c.sys.restoreDecrementer(dec, decPending);
        c.lower(Cpu.PENDING_SAVED & ~Cpu.PENDING_DECREMENTER);
        c.raise(pending & ~Cpu.PENDING_DECREMENTER);
        c.prodded = prodded;
    }

    /** The SPRs a vCPU of this model saves, in ascending number. */
    static int[] storedSprs(CpuModel model) {
        return java.util.stream.IntStream.range(0, 1024).filter(n -> Spr.stored(n, model.isaVersion)).toArray();
    }

    /**
     * The model whose state {@code s} is. QEMU's cpu_post_load refuses a PVR of another processor
     * family (pvr_match) unless the vCPU runs at a compat PVR; each model here has one PVR.
     */
    private static CpuModel checkPvr(Section s, CpuModel model, int[] numbers, long[] values, boolean architected) throws StateException {
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] != Spr.PVR) continue;
            long pvr = values[i];
            CpuModel saved = CpuModel.ofPvr(pvr);
            if (pvr == (model.pvr & 0xFFFFFFFFL) || architected && saved != null && pvr == (saved.pvr & 0xFFFFFFFFL)) return saved;
            throw new StateException(String.format("section %s: PVR 0x%08x (%s) does not match this CPU (%s)%s", s.label(), pvr,
                    saved == null ? "unknown" : saved.displayName, model.displayName,
                    saved != null && !architected ? ", and the vCPU runs at no compat PVR" : ""));
        }
        throw new StateException("section " + s.label() + ": field sprNumbers has no PVR (SPR " + Spr.PVR + ")");
    }

    /** The state of {@code source} into a vCPU of {@code model}: nothing the guest may depend on is left behind. */
    private static void checkAcrossModels(Section s, CpuModel source, CpuModel model, int[] numbers, long[] values) throws StateException {
        for (int i = 0; i < numbers.length; i++) {
            int n = numbers[i];
            if (Spr.stored(n, model.isaVersion) || values[i] == 0) continue;
            throw new StateException(String.format("section %s: SPR %d = 0x%x of the %s has no place on this CPU (%s)", s.label(), n,
                    values[i], source.displayName, model.displayName));
        }
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] != Spr.LPCR || model.implementsIsa(300)) continue;
            long lost = values[i] & Spr.LPCR_ISA300;
            if (lost != 0) {
                throw new StateException(String.format("section %s: LPCR 0x%x has ISA 3.00 fields (0x%x: radix translation, the large "
                        + "decrementer) that this CPU (%s) does not have", s.label(), values[i], lost, model.displayName));
            }
        }
    }

    /** The SPRs of {@code model} (the model the state comes from), each once, in ascending order. */
    private static void checkSprNumbers(Section s, CpuModel model, CpuModel destination, int[] numbers) throws StateException {
        int[] expected = storedSprs(model);
        if (Arrays.equals(numbers, expected)) return;
        String cpu = model == destination ? "this CPU (" + model.displayName + ")" : "its CPU (" + model.displayName + ")";
        for (int n : expected) {
            if (Arrays.stream(numbers).noneMatch(x -> x == n)) {
                throw new StateException("section " + s.label() + ": field sprNumbers lacks SPR " + n + " of " + cpu);
            }
        }
        for (int n : numbers) {
            if (Arrays.stream(expected).noneMatch(x -> x == n)) {
                throw new StateException("section " + s.label() + ": field sprNumbers has SPR " + n + ", which " + cpu + " does not keep");
            }
        }
        throw new StateException("section " + s.label() + ": field sprNumbers is not the SPRs of " + cpu + " once each in ascending order");
    }
}
