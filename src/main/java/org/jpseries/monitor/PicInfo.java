package org.jpseries.monitor;

import org.jpseries.intc.xics.Xics;
import org.jpseries.spapr.SpaprPlatform;

/**
 * HMP "info pic" for the pseries machine: the state of the active interrupt controller in QEMU's
 * layout; XIVE as spapr_xive_pic_print_info ({@code SpaprXive.picInfo}), XICS as
 * (hw/intc/xics.c icp_pic_print_info / ics_pic_print_info): one line per presentation
 * controller (XIRR, pending priority, MFRR), then the source controller's range and one line per
 * claimed source (number, LSI or MSI, priority, status bits).
 */
final class PicInfo {
    private PicInfo() {}

    static String of(SpaprPlatform platform) {
        if (platform.xive() != null && platform.irqSources().active() == platform.xive()) {
            return platform.xive().picInfo() + "irqchip: emulated (XIVE)\n";
        }
        return xics(platform.xics());
    }

    static String xics(Xics x) {
        StringBuilder sb = new StringBuilder();
        for (int server = 0; server < x.servers(); server++) {
            int[] icp = x.presenterState(server);
            sb.append(String.format("CPU %d XIRR=%08x (%s) PP=%02x MFRR=%02x%n", server, icp[0],
                    x.outputAsserted(server) ? "raised" : "lowered", icp[1], icp[2]));
        }
        sb.append(String.format("ICS %4x..%4x xics%n", Xics.IRQ_BASE, Xics.IRQ_BASE + Xics.NR_IRQS - 1));
        for (int irq : x.claimedIrqs()) {
            int[] xive = x.getXive(irq);
            sb.append(String.format("  %4x %s %02x %02x%n", irq, x.isLsi(irq) ? "LSI" : "MSI", xive[1], x.sourceStatus(irq)));
        }
        sb.append("irqchip: emulated (XICS)\n");
        return sb.toString();
    }
}
