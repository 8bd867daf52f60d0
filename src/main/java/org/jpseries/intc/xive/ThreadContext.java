package org.jpseries.intc.xive;

/**
 * A vCPU's XIVE thread interrupt context as the thread interrupt management area (TIMA) shows it
 * to the OS: the user ring (QW0) and the OS ring (QW1), 16 bytes each, with NSR (notification
 * source), CPPR (current priority), IPB (pending priorities, bit 7-p for priority p), PIPR (most
 * favoured pending priority) and the OS CAM line in word 2 (QEMU hw/intc/xive.c, XiveTCTX).
 * Methods return whether the vCPU's external-interrupt line must now be raised; the caller holds
 * the machine lock and drives the line.
 */
final class ThreadContext {
    static final int QW0_USER = 0x00, QW1_OS = 0x10;
    static final int NSR = 0, CPPR = 1, IPB = 2, LSMFB = 3, ACK_CNT = 4, INC = 5, AGE = 6, PIPR = 7, WORD2 = 8;
    /** NSR bit of the OS ring: an exception is signalled. */
    static final int NSR_EO = 0x80;
    /** The OS CAM line's valid bit (word 2, bit 0). */
    static final int QW1W2_VO = 0x8000_0000;
    static final int PRIORITY_MAX = 7;

    final int server;
    final byte[] regs = new byte[0x20];
    boolean output;

    ThreadContext(int server) {
        this.server = server;
        reset();
    }

    /** QEMU xive_tctx_reset, then the OS CAM line of the vCPU pushed as the spapr machine does. */
    void reset() {
        java.util.Arrays.fill(regs, (byte) 0);
        regs[QW1_OS + LSMFB] = (byte) 0xff;
        regs[QW1_OS + ACK_CNT] = (byte) 0xff;
        regs[QW1_OS + AGE] = (byte) 0xff;
        regs[QW1_OS + PIPR] = (byte) 0xff;
        int cam = QW1W2_VO | (SpaprXive.NVT_BASE + server);
        for (int i = 0; i < 4; i++) regs[QW1_OS + WORD2 + i] = (byte) (cam >>> (24 - 8 * i));
        output = false;
    }

    int os(int reg) {
        return regs[QW1_OS + reg] & 0xff;
    }

    private void setOs(int reg, int v) {
        regs[QW1_OS + reg] = (byte) v;
    }

    static int priorityToIpb(int priority) {
        return priority > PRIORITY_MAX ? 0 : 1 << (PRIORITY_MAX - priority);
    }

    static int ipbToPipr(int ipb) {
        return ipb == 0 ? 0xff : Integer.numberOfLeadingZeros(ipb << 24);
    }

    /** Signals an exception when the most favoured pending priority beats CPPR (xive_tctx_notify). */
    boolean notifyOs() {
        if (os(PIPR) < os(CPPR)) {
            setOs(NSR, os(NSR) | NSR_EO);
            return true;
        }
        return false;
    }

    /** An event of priority {@code p} reached this thread: IPB/PIPR updated, then notify. */
    boolean ipbUpdate(int priority) {
        setOs(IPB, os(IPB) | priorityToIpb(priority));
        setOs(PIPR, ipbToPipr(os(IPB)));
        return notifyOs();
    }

    /** CPPR write: a priority above 7 means "all masked" (0xff). */
    boolean setCppr(int cppr) {
        setOs(CPPR, cppr > PRIORITY_MAX ? 0xff : cppr);
        setOs(PIPR, ipbToPipr(os(IPB)));
        return notifyOs();
    }

    /**
     * The "acknowledge OS interrupt" load (TIMA offset 0x810): if an exception is signalled, CPPR
     * takes the pending priority, its IPB bit is cleared and NSR[EO] dropped. Returns the old NSR
     * and the new CPPR as (NSR << 8) | CPPR. The line is lowered by the caller in every case.
     */
    int ackOs() {
        int nsr = os(NSR);
        if ((nsr & NSR_EO) != 0) {
            int cppr = os(PIPR);
            setOs(CPPR, cppr);
            setOs(IPB, os(IPB) & ~priorityToIpb(cppr));
            setOs(PIPR, ipbToPipr(os(IPB)));
            setOs(NSR, nsr & ~NSR_EO);
        }
        return nsr << 8 | os(CPPR);
    }

    /** "Set OS pending" store (TIMA offset 0x812): marks a priority pending again (after a lost IPI). */
    boolean setOsPending(int priority) {
        return ipbUpdate(priority & 0xff);
    }
}
