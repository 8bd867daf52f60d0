package org.jpseries.spapr;

import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jpseries.cpu.CpuModel;
import org.jpseries.intc.IcMode;
import org.jpseries.intc.xive.XiveHcalls;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.hash.HashPageTable;
import org.jpseries.papr.GuestLog;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.MachineControl;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasTokens;
import org.jpseries.papr.VcpuControl;

/**
 * The fuzz property of the hcall and RTAS argument decoding: a real {@link SpaprPlatform}
 * (POWER9, two vCPUs, ic-mode=dual so XICS and XIVE register their calls, plus the page-table
 * hcalls a machine adds), reset before every input, takes a sequence of calls through its
 * dispatch table and answers each with a PAPR status in r3 (a {@code H_*} constant of
 * {@link Hcall} or {@link XiveHcalls}), and each RTAS call with an RTAS status in its first
 * return cell (an {@code OUT_*} constant of {@link Rtas}); no Java exception leaves the table.
 *
 * <p>Input: records of {@value #RECORD} bytes. Byte 0 picks a registered hcall (modulo their
 * number), byte 1 the calling vCPU (0 or 1), then r4..r12 (8 bytes each, little
 * endian), then {@value #SCRATCH_SIZE} bytes written at {@link #SCRATCH} in guest RAM before the
 * call: the RTAS argument block or client-interface prom_args and its strings when r4 points
 * there. When the first record's byte 1 has bit 0x40, the guest first negotiates XIVE
 * exploitation at CAS (so the H_INT_* calls do more than answer H_FUNCTION).
 * For KVMPPC_H_RTAS byte 1's high bit says the scratch's first cell is an index into the
 * registered RTAS tokens rather than a token.
 */
public final class HcallFuzz {
    private HcallFuzz() {}

    static final int SCRATCH_SIZE = 256, RECORD = 2 + 9 * 8 + SCRATCH_SIZE;
    /** Below the kernel at 4 MiB: nothing the platform loads lives here. */
    public static final long SCRATCH = 0x100000;
    static final long RAM = 64L << 20;
    /** Linux 6.1's ibm,architecture-vec asking for XIVE exploitation, and where it is put (above SCRATCH's page). */
    static final byte[] XIVE_CAS = org.jpseries.spapr.cas.LinuxArchVec.build(0x40, 0, 0, 2048);
    static final long CAS_VECTOR_AT = 0x200000;
    /** The default bridge's BUID and where a function with MSI-X sits on it. */
    static final long PHB_BUID = 0x0800_0000_2000_0000L;
    static final int MSIX_DEVFN = 3 << 3;
    /** What a handler that wrote no status leaves in an RTAS call's first return cell. */
    static final int UNTOUCHED = 0x5a5a5a5a;

    static final Set<Long> HCALL_STATUS = constants(long.class, "H_", Hcall.class, XiveHcalls.class);
    static final Set<Long> RTAS_STATUS = constants(int.class, "OUT_", Rtas.class);

    private static Set<Long> constants(Class<?> type, String prefix, Class<?>... in) {
        Set<Long> s = new TreeSet<>();
        for (Class<?> c : in) {
            for (Field f : c.getFields()) {
                if (f.getType() == type && f.getName().startsWith(prefix) && Modifier.isStatic(f.getModifiers())) {
                    try {
                        s.add(((Number) f.get(null)).longValue());
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return s;
    }

    private static final VcpuControl VCPUS = new VcpuControl() {
        @Override public int count() { return 2; }
        @Override public void cede(int vcpu) { }
        @Override public void prod(int target) { }
        @Override public void confer(int vcpu, int target) { }
        @Override public boolean isStopped(int vcpu) { return vcpu != 0; }
        @Override public void start(int vcpu, long entry, long r3) { }
        @Override public void stopSelf(int vcpu) { }
        @Override public void signalSystemReset(int vcpu) { }
    };
    private static final MachineControl MACHINE = new MachineControl() {
        @Override public void requestPowerOff() { }
        @Override public void requestReset() { }
        @Override public void guestPanicked(String message) { }
        @Override public void clientExit() { }
    };

    /** The platform every input runs on (one per JVM: its RAM is a host mapping). */
    static final class Fixture {
        final GuestRam ram = new GuestRam(RAM);
        final SpaprPlatform platform;
        final List<Integer> opcodes = new ArrayList<>(), tokens = new ArrayList<>();

        Fixture() {
            try {
                byte[] text = new byte[0x1000];
                text[0] = 0x48;
                KernelElf k = KernelElf.parse(TestKernel.elf(true, 21, text, 0x100000, 0), "vmlinux");
                platform = new SpaprPlatform(new SpaprPlatform.Options(CpuModel.POWER9, 2, RAM, 0, "console=hvc0", IcMode.DUAL), ram, k,
                        new byte[0x1000], OutputStream.nullOutputStream(), VCPUS, MACHINE, (server, on) -> { }, () -> 1234, GuestLog.silent());
            } catch (BootException e) {
                throw new AssertionError(e);
            }
            new HptHcalls(new HashPageTable(18, ram)).register(platform.hcalls()); // as SpaprMachine does
            platform.plugPci(new org.jpseries.pci.MsixFunction(4), MSIX_DEVFN); // so ibm,change-msi has vectors to give

            for (int op = 0; op <= 0xFFFF; op++) if (platform.hcalls().has(op)) opcodes.add(op);
            for (int t = RtasTokens.BASE; t < RtasTokens.BASE + 0x100; t++) if (platform.rtas().has(t)) tokens.add(t);
        }
    }

    private static Fixture fixture;

    public static synchronized Fixture fixture() {
        if (fixture == null) fixture = new Fixture();
        return fixture;
    }

    /** Runs the input's calls on a freshly reset platform; returns how many ran. */
    public static int check(byte[] input) {
        Fixture f = fixture();
        f.platform.reset();
        if (input.length > 1 && (input[1] & 0x40) != 0) {
            // the guest negotiated XIVE exploitation at CAS (prom_init's vector), so the H_INT_* calls work
            f.ram.write(CAS_VECTOR_AT, XIVE_CAS, 0, XIVE_CAS.length);
            if (f.platform.clientArchitectureSupport(CAS_VECTOR_AT) != 0) throw new AssertionError("CAS refused Linux's vector");
        }
        ByteBuffer b = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        int calls = 0;
        for (int at = 0; at + RECORD <= input.length; at += RECORD, calls++) {
            int op = f.opcodes.get((input[at] & 0xff) % f.opcodes.size());
            int vcpu = (input[at + 1] & 0x7f) % 2; // the caller is always a vCPU that exists
            Regs r = new Regs(vcpu, op);
            for (int i = 0; i < 9; i++) r.gpr[4 + i] = b.getLong(at + 2 + 8 * i);
            f.ram.write(SCRATCH, input, at + 2 + 72, SCRATCH_SIZE);
            if (op == Hcall.KVMPPC_H_RTAS && (input[at + 1] & 0x80) != 0) {
                f.ram.writeBE32(SCRATCH, f.tokens.get(Integer.remainderUnsigned(f.ram.readBE32(SCRATCH), f.tokens.size())));
            }
            call(f, r);
        }
        return calls;
    }

    /** One call through the platform's table, with its status checked. */
    static void call(Fixture f, Regs r) {
        long op = r.gpr[3];
        long block = r.gpr[4];
        long rets = -1;
        if (op == Hcall.KVMPPC_H_RTAS && f.ram.contains(block, 12)) {
            int nargs = f.ram.readBE32(block + 4), nret = f.ram.readBE32(block + 8);
            long at = block + 12 + 4L * nargs;
            if (nargs >= 0 && nret > 0 && nargs <= 64 && nret <= 64 && f.ram.contains(at, 4)) {
                rets = at;
                f.ram.writeBE32(rets, UNTOUCHED);
            }
        }
        String what = Hcall.name(op) + " r4..r12=" + java.util.Arrays.toString(java.util.Arrays.copyOfRange(r.gpr, 4, 13));
        try {
            f.platform.hcalls().dispatch(r);
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw", e);
        }
        if (!HCALL_STATUS.contains(r.gpr[3])) throw new AssertionError(what + " answered " + r.gpr[3] + ", not a PAPR status");
        if (rets >= 0 && r.gpr[3] == Hcall.H_SUCCESS) {
            int s = f.ram.readBE32(rets);
            if (s != UNTOUCHED && !RTAS_STATUS.contains((long) s)) {
                throw new AssertionError(what + String.format(" (RTAS token 0x%x) answered status %d", f.ram.readBE32(block), s));
            }
        }
    }

    /** One record calling {@code opcode} (by its index in the table) with the given registers and scratch. */
    static byte[] record(Fixture f, int opcode, int vcpuByte, long[] regs, byte[] scratch) {
        ByteBuffer b = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) f.opcodes.indexOf(opcode)).put((byte) vcpuByte);
        for (int i = 0; i < 9; i++) b.putLong(i < regs.length ? regs[i] : 0);
        b.put(scratch, 0, Math.min(scratch.length, SCRATCH_SIZE));
        return b.array();
    }

    /** An RTAS argument block at SCRATCH: token, nargs, nret, args (BE32 cells). */
    static byte[] rtasBlock(int token, int nret, int... args) {
        ByteBuffer b = ByteBuffer.allocate(SCRATCH_SIZE);
        b.putInt(token).putInt(args.length).putInt(nret);
        for (int a : args) b.putInt(a);
        return b.array();
    }

    /** A client-interface prom_args at SCRATCH naming {@code service} (its string at SCRATCH + 0x80). */
    static byte[] ciBlock(String service, int nret, int... args) {
        ByteBuffer b = ByteBuffer.allocate(SCRATCH_SIZE);
        b.putInt((int) SCRATCH + 0x80).putInt(args.length).putInt(nret);
        for (int a : args) b.putInt(a);
        b.put(0x80, service.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Seeds: every registered hcall once with small arguments, every RTAS call, a few client-interface services. */
    public static Map<String, byte[]> seeds() {
        Fixture f = fixture();
        Map<String, byte[]> m = new LinkedHashMap<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int op : f.opcodes) {
            if (op == Hcall.KVMPPC_H_RTAS || op == Hcall.SPAPR_H_VOF_CLIENT) continue;
            all.writeBytes(record(f, op, 0, new long[] {0, 1, SCRATCH, 0x10}, new byte[0]));
        }
        m.put("every-hcall", all.toByteArray());
        java.io.ByteArrayOutputStream xive = new java.io.ByteArrayOutputStream();
        for (int op : f.opcodes) {
            if (op < XiveHcalls.H_INT_GET_SOURCE_INFO || op > XiveHcalls.H_INT_RESET) continue;
            xive.writeBytes(record(f, op, 0x40, new long[] {0, 0x1000, 0, 7, SCRATCH, 16}, new byte[0]));
        }
        m.put("xive-exploited", xive.toByteArray());
        java.io.ByteArrayOutputStream rtas = new java.io.ByteArrayOutputStream();
        for (int t : f.tokens) rtas.writeBytes(record(f, Hcall.KVMPPC_H_RTAS, 0, new long[] {SCRATCH}, rtasBlock(t, 2, 0, 1, 0, 0)));
        m.put("every-rtas", rtas.toByteArray());
        // Linux's PCI calls on the default bridge: MSI-X vectors for the function, then the 64-bit DMA window
        int hi = (int) (PHB_BUID >>> 32), lo = (int) PHB_BUID, cfg = MSIX_DEVFN << 8;
        java.io.ByteArrayOutputStream pci = new java.io.ByteArrayOutputStream();
        for (byte[] block : List.of(rtasBlock(RtasTokens.IBM_CHANGE_MSI, 4, cfg, hi, lo, 4, 4, 1),
                rtasBlock(RtasTokens.IBM_QUERY_INTERRUPT_SOURCE_NUMBER, 3, cfg, hi, lo, 3),
                rtasBlock(RtasTokens.IBM_QUERY_PE_DMA_WINDOW, 6, cfg, hi, lo),
                rtasBlock(RtasTokens.IBM_CREATE_PE_DMA_WINDOW, 4, cfg, hi, lo, 24, 30),
                rtasBlock(RtasTokens.IBM_REMOVE_PE_DMA_WINDOW, 1, 0x8000_0000),
                rtasBlock(RtasTokens.IBM_RESET_PE_DMA_WINDOW, 1, cfg, hi, lo),
                rtasBlock(RtasTokens.IBM_CHANGE_MSI, 4, cfg, hi, lo, 4, 0, 1))) {
            pci.writeBytes(record(f, Hcall.KVMPPC_H_RTAS, 0, new long[] {SCRATCH}, block));
        }
        m.put("pci-msi-ddw", pci.toByteArray());
        java.io.ByteArrayOutputStream ci = new java.io.ByteArrayOutputStream();
        ci.writeBytes(record(f, Hcall.SPAPR_H_VOF_CLIENT, 0, new long[] {SCRATCH}, ciBlock("finddevice", 1, (int) SCRATCH + 0x90)));
        ci.writeBytes(record(f, Hcall.SPAPR_H_VOF_CLIENT, 0, new long[] {SCRATCH}, ciBlock("getprop", 1, 1, (int) SCRATCH + 0x90, (int) SCRATCH, 0x40)));
        ci.writeBytes(record(f, Hcall.SPAPR_H_VOF_CLIENT, 0, new long[] {SCRATCH}, ciBlock("claim", 1, 0x2000000, 0x10000, 0)));
        ci.writeBytes(record(f, Hcall.SPAPR_H_VOF_CLIENT, 0, new long[] {SCRATCH}, ciBlock("call-method", 2, (int) SCRATCH + 0x90, 1, (int) SCRATCH)));
        ci.writeBytes(record(f, Hcall.SPAPR_H_VOF_CLIENT, 0, new long[] {SCRATCH}, ciBlock("quiesce", 0)));
        m.put("client-interface", ci.toByteArray());
        return m;
    }
}
