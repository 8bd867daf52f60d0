package org.jpseries.monitor;

import org.jpseries.device.Device;
import org.jpseries.intc.IrqBackend;
import org.jpseries.spapr.SpaprPlatform;

/**
 * HMP "info pic" for the pseries machine: the active interrupt controller's own text in QEMU's
 * layout ({@link Device#info}: XIVE as spapr_xive_pic_print_info, XICS as icp_pic_print_info /
 * ics_pic_print_info), then QEMU's "irqchip" line.
 */
final class PicInfo {
    private PicInfo() {}

    static String of(SpaprPlatform platform) {
        IrqBackend active = platform.irqSources().active();
        Device controller = active == platform.xive() && active != null ? platform.xive() : platform.xics();
        return controller.info() + "irqchip: emulated (" + (controller == platform.xive() ? "XIVE" : "XICS") + ")\n";
    }
}
