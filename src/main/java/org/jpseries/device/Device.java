package org.jpseries.device;

import org.jpseries.spapr.devtree.Node;
import org.jpseries.state.Stateful;

/**
 * A stateful part of the machine (QEMU's DeviceState with its VMStateDescription and reset
 * handler): its versioned state ({@link Stateful}), its reset and when it runs, its device-tree
 * contribution and its text for the monitor's {@code info} commands. Registered once with the
 * machine's {@link DeviceRegistry}; adding a device is that one registration.
 */
public interface Device extends Stateful {
    /** The step of the machine reset this device resets in. */
    ResetPhase resetPhase();

    /** Back to the power-on state (called with the vCPUs stopped, in {@link #resetPhase()}). */
    void reset(ResetReason why);

    /** Adds this device's nodes and properties to a tree being built at reset. */
    default void buildTree(Node root) {}

    /** The device's lines for the monitor's {@code info} command, or null for none. */
    default String info() {
        return null;
    }
}
