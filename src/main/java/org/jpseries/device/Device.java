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
    /** Section name, instance, versions and reset phase, defined once by each device. */
    DeviceId id();

    @Override
    default String stateName() {
        return id().name();
    }

    @Override
    default int stateInstance() {
        return id().instance();
    }

    @Override
    default int stateVersion() {
        return id().version();
    }

    @Override
    default int stateMinVersion() {
        return id().minVersion();
    }

    /** The step of the machine reset this device resets in. */
    default ResetPhase resetPhase() {
        return id().phase();
    }

    /**
     * Waits until the work the device's own threads started has finished (QEMU's bdrv_drain_all
     * and virtio's in-flight requests at vm_stop): called on the control thread with the vCPUs
     * stopped, before the device's sections are saved, so that a stream never holds half a
     * request. A device with no threads of its own has nothing to wait for.
     */
    default void quiesce() {}

    /**
     * The vCPUs stopped ({@code false}: after the last one left guest code) or are about to run
     * again ({@code true}) (QEMU's VM change state handlers): a device with threads of its own
     * starts no new work while stopped, so guest RAM and its state hold still for a save or a
     * migration's last pass; on resume it looks at its queues again.
     */
    default void runStateChanged(boolean running) {}

    /** Back to the power-on state (called with the vCPUs stopped, in {@link #resetPhase()}); a device with threads quiesces first. */
    void reset(ResetReason why);

    /** Adds this device's nodes and properties to a tree being built at reset. */
    default void buildTree(Node root) {}

    /**
     * Fields of this device's sections that a machine reset leaves alone by rule: QEMU keeps
     * them too, or they count with the clock. The reset checker skips them; nothing else does.
     */
    default java.util.Set<String> notReset() {
        return java.util.Set.of();
    }

    /** The device's lines for the monitor's {@code info} command, or null for none. */
    default String info() {
        return null;
    }

    /**
     * A part with state that the machine reset leaves alone and that adds nothing to the tree
     * (the time base: QEMU never resets the guest clock).
     */
    static Device keptAcrossReset(Stateful s) {
        DeviceId id = new DeviceId(s.stateName(), s.stateInstance(), s.stateVersion(), s.stateMinVersion(), ResetPhase.NONE);
        return new Device() {
            @Override
            public DeviceId id() {
                return id;
            }

            @Override
            public void saveState(java.util.function.Consumer<org.jpseries.state.Section> out) {
                s.saveState(out);
            }

            @Override
            public void loadState(org.jpseries.state.Section section) throws org.jpseries.state.StateException {
                s.loadState(section);
            }

            @Override
            public void postLoad() throws org.jpseries.state.StateException {
                s.postLoad();
            }

            @Override
            public void reset(ResetReason why) {}
        };
    }
}
