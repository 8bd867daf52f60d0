package org.jpseries.hw;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IrqLine;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.papr.Hcalls;

/**
 * The pseries virtual terminal (QEMU hw/char/spapr_vty.c; PAPR "vty", compatible "hvterm1"),
 * Linux's hvc0. Output goes straight to the host sink; input arrives from a host thread
 * ({@link #receive}) into a ring the guest drains with H_GET_TERM_CHAR. When input arrives in an
 * empty ring the device pulses its interrupt (an MSI-type XICS source), so the guest need not poll.
 * Section "spapr-vty" (QEMU's vmstate "spapr_vty": the input not yet taken by the guest).
 */
public final class SpaprVty implements Device {
    /** The unit address and XICS source QEMU gives the first VIO device. */
    public static final int DEFAULT_REG = 0x7100_0000;
    public static final int DEFAULT_IRQ = 0x1100;
    static final int RING = 4096;

    @Role(kind = Role.Kind.CONFIG, why = "the VIO unit address, fixed at creation")
    private final int reg;
    @Role(kind = Role.Kind.CONFIG, why = "the interrupt number it claimed")
    private final int irq;
    @Role(kind = Role.Kind.WIRING, why = "the host sink of guest output")
    private final OutputStream out;
    @Role(kind = Role.Kind.WIRING, why = "the device's interrupt line (its level and events are the sources' state)")
    private final IrqLine line;
    @Role(kind = Role.Kind.STATE, value = "input", why = "the bytes between outIdx and in")
    private final byte[] ring = new byte[RING];
    // producer / consumer counters, guarded by this
    @Role(kind = Role.Kind.STATE, value = "input", why = "saved as the pending bytes")
    private long in;
    @Role(kind = Role.Kind.STATE, value = "input", why = "saved as the pending bytes")
    private long outIdx;

    public SpaprVty(int reg, IrqLine line, OutputStream out) {
        this.reg = reg;
        this.irq = line.number();
        this.line = line;
        this.out = out;
    }

    public int reg() {
        return reg;
    }

    public int irq() {
        return irq;
    }

    public void registerHcalls(Hcalls h) {
        h.register(Hcall.H_PUT_TERM_CHAR, this::hPutTermChar);
        h.register(Hcall.H_GET_TERM_CHAR, this::hGetTermChar);
    }

    /** Guest output (also used by the client interface's "write" and RTAS display-character). */
    public void putChars(byte[] b, int off, int len) {
        synchronized (out) {
            try {
                out.write(b, off, len);
                out.flush();
            } catch (IOException e) {
                // the host terminal went away: drop output as a disconnected chardev does
            }
        }
    }

    /** Host input: blocks while the ring is full. Pulses the interrupt if the ring was empty. */
    public void receive(byte b) throws InterruptedException {
        boolean wasEmpty;
        synchronized (this) {
            while (in - outIdx >= RING) wait();
            wasEmpty = in == outIdx;
            ring[(int) (in++ % RING)] = b;
        }
        if (wasEmpty) line.pulse();
    }

    /** Takes up to {@code max} pending input bytes. */
    public synchronized int getChars(byte[] dst, int max) {
        int n = 0;
        while (n < max && outIdx != in) dst[n++] = ring[(int) (outIdx++ % RING)];
        if (n > 0) notifyAll();
        return n;
    }

    public synchronized int pending() {
        return (int) (in - outIdx);
    }

    private boolean matches(long r) {
        // Linux's early debug console always uses vterm 0 (QEMU's vty_lookup hack).
        return r == reg || r == 0;
    }

    /** H_PUT_TERM_CHAR(r4 = vterm, r5 = length <= 16, r6/r7 = bytes packed big-endian). */
    long hPutTermChar(HcallRegisters r) {
        long len = r.gpr(5);
        if (len < 0 || len > 16) return Hcall.H_PARAMETER;
        if (!matches(r.gpr(4))) return Hcall.H_PARAMETER;
        byte[] buf = new byte[16];
        unpack(r.gpr(6), buf, 0);
        unpack(r.gpr(7), buf, 8);
        putChars(buf, 0, (int) len);
        return Hcall.H_SUCCESS;
    }

    /** H_GET_TERM_CHAR(r4 = vterm) -> r4 = length, r5/r6 = bytes packed big-endian. */
    long hGetTermChar(HcallRegisters r) {
        if (!matches(r.gpr(4))) return Hcall.H_PARAMETER;
        byte[] buf = new byte[16];
        int n = getChars(buf, 16);
        r.setGpr(4, n);
        r.setGpr(5, pack(buf, 0));
        r.setGpr(6, pack(buf, 8));
        return Hcall.H_SUCCESS;
    }

    static void unpack(long v, byte[] b, int off) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (56 - 8 * i));
    }

    static long pack(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (b[off + i] & 0xFF);
        return v;
    }

    // ---- Device -------------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of("spapr-vty", 1, ResetPhase.DEVICES);

    @Override
    public DeviceId id() {
        return ID;
    }

    /** The console keeps its pending input across a reset, as QEMU's spapr-vty (no reset handler). */
    @Override
    public void reset(ResetReason why) {}

    @Override
    public java.util.Set<String> notReset() {
        return java.util.Set.of("input");
    }

    /** /vdevice/vty@71000000 (QEMU spapr_vty's dt) and /chosen's stdout paths, which name it. */
    @Override
    public void buildTree(Node root) {
        root.find("/vdevice").add(String.format("vty@%x", reg)).setCells("reg", reg).setString("device_type", "serial")
                .setString("compatible", "hvterm1").setCells("interrupts", irq, 0);
        Node chosen = root.find("/chosen");
        if (chosen != null) chosen.setString("linux,stdout-path", path()).setString("stdout-path", path());
    }

    /** The device's path in the tree. */
    public String path() {
        return String.format("/vdevice/vty@%x", reg);
    }

    @Override
    public synchronized void saveState(Consumer<Section> out) {
        byte[] pendingInput = new byte[(int) (in - outIdx)];
        for (int i = 0; i < pendingInput.length; i++) pendingInput[i] = ring[(int) ((outIdx + i) % RING)];
        out.accept(newSection().bytes("input", pendingInput));
    }

    @Override
    public synchronized void loadState(Section s) throws StateException {
        byte[] input = s.bytes("input");
        if (input.length > RING) throw new StateException("section " + s.label() + ": " + input.length + " bytes of input, more than " + RING);
        System.arraycopy(input, 0, ring, 0, input.length);
        outIdx = 0;
        in = input.length;
        notifyAll();
    }
}
