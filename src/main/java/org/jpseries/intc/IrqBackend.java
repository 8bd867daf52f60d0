package org.jpseries.intc;

import org.jpseries.spapr.devtree.Node;

/**
 * An interrupt controller behind {@link IrqSources} (XICS or XIVE, QEMU's SpaprInterruptController).
 * Both backends know every interrupt number; only the active one is told about line changes.
 * Every method is called with the machine lock held.
 */
public interface IrqBackend {
    /**
     * The input of source {@code irq} changed: for a level-sensitive source its new level (the
     * level itself is in {@link IrqSources#asserted}); for a message-signalled source
     * {@code level == true} is one event (an edge).
     */
    void sourceChanged(int irq, boolean level);

    /** This backend becomes the active one (its MMIO, if any, appears; its outputs may be raised). */
    void activate();

    /** This backend stops being the active one: its MMIO disappears and its outputs are lowered. */
    void deactivate();

    /**
     * Adds this controller's node (and any root property it needs) to the root of the device tree,
     * with {@code phandle}, when it is the active one (QEMU's SpaprInterruptControllerClass.dt,
     * called by spapr_irq_dt).
     */
    void addTreeNode(Node root, int phandle);

    /** A short name for logs and the monitor ("XICS", "XIVE"). */
    String name();
}
