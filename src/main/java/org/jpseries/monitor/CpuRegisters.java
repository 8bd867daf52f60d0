package org.jpseries.monitor;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Spr;

/**
 * HMP "info registers" for a POWER vCPU, in the layout of QEMU's ppc_cpu_dump_state
 * (target/ppc/cpu_init.c): NIP/LR/CTR/XER, MSR, time base and decrementer, the GPRs four to a
 * line, CR with its fields decoded, the FPRs and FPSCR, then the supervisor and hypervisor SPRs.
 * The vCPU keeps running: the values are a snapshot taken between its instructions' effects.
 */
final class CpuRegisters {
    private CpuRegisters() {}

    private static final int VRSAVE = 256, SPRG4 = 276, SPRG5 = 277, SPRG6 = 278, SPRG7 = 279;

    static String dump(int index, Cpu c) {
        long[] spr = c.sys.spr;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("NIP %016x   LR %016x CTR %016x XER %016x CPU#%d%n", c.nip, c.lr, c.ctr, c.xer(), index));
        sb.append(String.format("MSR %016x HID0 %016x%n", c.msr, spr[Spr.HID0]));
        long tb = c.sys.timeBase().read();
        sb.append(String.format("TB %08x %08d DECR %d%n", tb >>> 32, tb & 0xffffffffL, c.sys.readDecrementer() & 0xffffffffL));
        for (int i = 0; i < 32; i++) {
            if (i % 4 == 0) sb.append(String.format("GPR%02d", i));
            sb.append(String.format(" %016x", c.gpr[i]));
            if (i % 4 == 3) sb.append('\n');
        }
        sb.append(String.format("CR %08x  [", c.cr));
        for (int f = 0; f < 8; f++) {
            int bits = (c.cr >>> (28 - 4 * f)) & 0xf;
            char a = (bits & 8) != 0 ? 'L' : (bits & 4) != 0 ? 'G' : (bits & 2) != 0 ? 'E' : '-';
            sb.append(' ').append(a).append((bits & 1) != 0 ? 'O' : ' ');
        }
        sb.append(String.format(" ]             RES %016x%n", c.reserveAddr));
        for (int i = 0; i < 32; i++) {
            if (i % 4 == 0) sb.append(String.format("FPR%02d", i));
            sb.append(String.format(" %016x", c.vsr[2 * i]));
            if (i % 4 == 3) sb.append('\n');
        }
        sb.append(String.format("FPSCR %016x%n", c.fpscr));
        sb.append(String.format(" SRR0 %016x  SRR1 %016x    PVR %016x VRSAVE %016x%n", spr[Spr.SRR0], spr[Spr.SRR1], spr[Spr.PVR],
                spr[VRSAVE]));
        sb.append(String.format("SPRG0 %016x SPRG1 %016x  SPRG2 %016x  SPRG3 %016x%n", spr[Spr.SPRG0], spr[Spr.SPRG1], spr[Spr.SPRG2],
                spr[Spr.SPRG3]));
        sb.append(String.format("SPRG4 %016x SPRG5 %016x  SPRG6 %016x  SPRG7 %016x%n", spr[SPRG4], spr[SPRG5], spr[SPRG6], spr[SPRG7]));
        sb.append(String.format("HSRR0 %016x HSRR1 %016x%n", spr[Spr.HSRR0], spr[Spr.HSRR1]));
        sb.append(String.format(" CFAR %016x%n", spr[Spr.CFAR]));
        sb.append(String.format(" LPCR %016x%n", spr[Spr.LPCR]));
        sb.append(String.format(" PTCR %016x   DAR %016x  DSISR %016x%n", spr[Spr.PTCR], spr[Spr.DAR], spr[Spr.DSISR]));
        return sb.toString();
    }
}
