package org.jpseries.intc.xive;

import org.jpseries.intc.IcMode;
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
     * "interrupt-controller@...") by XIVE's, keeping the phandle, when {@code xive}; by the given
     * XICS node builder's otherwise. XIVE also adds ibm,plat-res-int-priorities to the root.
     */
    public static void showActive(Node root, boolean xive, int servers, int phandle, Runnable addXicsNode) {
        for (Node c : java.util.List.copyOf(root.children())) {
            if (c.name().equals("interrupt-controller") || c.name().startsWith("interrupt-controller@")) root.removeChild(c);
        }
        root.remove("ibm,plat-res-int-priorities");
        if (!xive) {
            addXicsNode.run();
            return;
        }
        long tm = SpaprXive.TM_BASE;
        long page = 1L << SpaprXive.TM_SHIFT;
        root.add(nodeName()).setString("device_type", "power-ivpe")
                // the TIMA's user (ring 3) and OS (ring 2) pages
                .setU64("reg", tm + SpaprXive.TM_USER_PAGE * page, page, tm + SpaprXive.TM_OS_PAGE * page, page)
                .setString("compatible", "ibm,power-ivpe")
                .setCells("ibm,xive-eq-sizes", 16) // 64K queues only, as QEMU
                // the IPIs: one source per vCPU from 0
                .setCells("ibm,xive-lisn-ranges", 0, servers)
                .setEmpty("interrupt-controller").setCells("#interrupt-cells", 2)
                .setCells("linux,phandle", phandle).setCells("phandle", phandle);
        // priorities 7..0xfe are the hypervisor's: the guest uses 0..6
        root.setCells("ibm,plat-res-int-priorities", 7, 0xf8);
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
