package org.jpseries.state;

import java.util.function.Consumer;

/**
 * A part of the machine with versioned state (QEMU's VMStateDescription). It is identified by
 * {@link #stateName()} and {@link #stateInstance()} (the vCPU number for "cpu"); it saves one
 * section, or several with the same name and instance when its state is large (RAM in chunks),
 * and loads each section of its name and instance in stream order, then runs {@link #postLoad}.
 *
 * <p>Save and load run with the vCPUs stopped (the machine's control thread); the version of a
 * section handed to {@link #loadState} has been checked to lie within
 * {@link #stateMinVersion()} .. {@link #stateVersion()}.
 */
public interface Stateful {
    /** The section name, e.g. "cpu", "xics-icp", "spapr-vty". */
    String stateName();

    /** Which instance of the name (vCPU number, server number); 0 for a single part. */
    default int stateInstance() {
        return 0;
    }

    /** The version this code writes. */
    int stateVersion();

    /** The oldest version this code still loads. */
    default int stateMinVersion() {
        return stateVersion();
    }

    /** Emits this part's section(s), built with {@link Section#Section(String, int, int)} from the three above. */
    void saveState(Consumer<Section> out);

    /** Loads one section of this part; throws with the field and the reason when it does not fit. */
    void loadState(Section s) throws StateException;

    /** After every section was loaded: rebuild derived data and check cross-field invariants. */
    default void postLoad() throws StateException {}

    /** A new section for this part at its current version. */
    default Section newSection() {
        return new Section(stateName(), stateInstance(), stateVersion());
    }
}
