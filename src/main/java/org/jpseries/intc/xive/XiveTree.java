package org.jpseries.intc.xive;

import org.jpseries.intc.IcMode;
import org.jpseries.intc.IrqBackend;
import org.jpseries.spapr.devtree.Node;

/**
 * The device-tree side of the interrupt controller choice (QEMU spapr_xive_dt, spapr_irq_dt and
 * spapr_dt_ov5_platform_support): the root's interrupt-controller node is the active backend's,
 * and /chosen tells prom_init which interrupt modes CAS may ask for.
 */
public final class XiveTree {
    private XiveTree() {}

    /** Option vector 5 byte 23 in ibm,arch-vec-5-platform-support: XICS only, XIVE only, or both. */
    public static final int OV5_PLATFORM_XICS = 0x00, OV5_PLATFORM_XIVE = 0x40, OV5_PLATFORM_BOTH = 0x80;

    /** The XIVE node's name: the TIMA user page's address (QEMU's xive->nodename). */
    public static String nodeName() {
        return "interrupt-controller@" + Long.toHexString(SpaprXive.TM_BASE + ((long) SpaprXive.TM_USER_PAGE << SpaprXive.TM_SHIFT));
    }

    /**
     * Replaces the root's interrupt-controller node (XICS "interrupt-controller" or XIVE
     * "interrupt-controller@...", with XIVE's ibm,plat-res-int-priorities) by the one of
     * {@code active}, which keeps {@code phandle} (QEMU spapr_irq_dt after CAS changed the mode).
     */
    public static void showActive(Node root, IrqBackend active, int phandle) {
        for (Node c : java.util.List.copyOf(root.children())) {
            if (c.name().equals("interrupt-controller") || c.name().startsWith("interrupt-controller@")) root.removeChild(c);
        }
        root.remove("ibm,plat-res-int-priorities");
        active.addTreeNode(root, phandle);
    }

    /** Sets the byte-23 pair of /chosen/ibm,arch-vec-5-platform-support from the offered modes. */
    public static void platformSupport(Node root, IcMode offered) {
        Node chosen = root.find("/chosen");
        if (chosen == null) return;
        byte[] pairs = chosen.get("ibm,arch-vec-5-platform-support");
        if (pairs == null) return;
        pairs = pairs.clone();
        int v = switch (offered) {
            case XICS -> OV5_PLATFORM_XICS;
            case XIVE -> OV5_PLATFORM_XIVE;
            case DUAL -> OV5_PLATFORM_BOTH;
        };
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i] == 23) pairs[i + 1] = (byte) v;
        }
        chosen.set("ibm,arch-vec-5-platform-support", pairs);
    }
}
