package org.jpseries.hw;

import java.io.IOException;
import java.io.OutputStream;
import org.jpseries.spapr.Hcall;
import org.jpseries.spapr.HcallRegisters;
import org.jpseries.spapr.Hcalls;

/**
 * The pseries virtual terminal (QEMU hw/char/spapr_vty.c; PAPR "vty", compatible "hvterm1"),
 * Linux's hvc0. Output goes straight to the host sink; input arrives from a host thread
 * ({@link #receive}) into a ring the guest drains with H_GET_TERM_CHAR. When input arrives in an
 * empty ring the device pulses its interrupt (an MSI-type XICS source), so the guest need not poll.
 */
public final class SpaprVty {
    /** The unit address and XICS source QEMU gives the first VIO device. */
    public static final int DEFAULT_REG = 0x7100_0000;
    public static final int DEFAULT_IRQ = 0x1100;
    static final int RING = 4096;

    private final int reg;
    private final int irq;
    private final OutputStream out;
    private final Runnable interruptPulse;
    private final byte[] ring = new byte[RING];
    private long in, outIdx; // producer / consumer counters, guarded by this

    public SpaprVty(int reg, int irq, OutputStream out, Runnable interruptPulse) {
        this.reg = reg;
        this.irq = irq;
        this.out = out;
        this.interruptPulse = interruptPulse;
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
        if (wasEmpty) interruptPulse.run();
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
}
