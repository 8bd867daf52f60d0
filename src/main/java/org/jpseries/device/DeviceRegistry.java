package org.jpseries.device;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The machine's devices, in registration order (which is also the order of their sections in
 * a stream and of their resets within a phase). Built once while the machine is constructed,
 * read-only afterwards, so it needs no lock; the devices' own methods run on the control thread
 * with the vCPUs stopped.
 */
public final class DeviceRegistry {
    private final Map<String, Device> byKey = new LinkedHashMap<>();

    private static String key(String name, int instance) {
        return name + "#" + instance;
    }

    /** Adds a device; its section name and instance must be new. */
    public <T extends Device> T register(T d) {
        String k = key(d.stateName(), d.stateInstance());
        if (byKey.putIfAbsent(k, d) != null) {
            throw new IllegalStateException("device " + d.stateName() + "[" + d.stateInstance() + "] registered twice");
        }
        return d;
    }

    public List<Device> devices() {
        return List.copyOf(byKey.values());
    }

    /** The device with that section name and instance, or null. */
    public Device find(String name, int instance) {
        return byKey.get(key(name, instance));
    }

    /** Resets the devices of one phase of the machine reset, in registration order. */
    public void reset(ResetPhase phase, ResetReason why) {
        for (Device d : byKey.values()) {
            if (d.resetPhase() == phase) d.reset(why);
        }
    }

    /** Tells every device the vCPUs stopped or are about to run ({@link Device#runStateChanged}). */
    public void runStateChanged(boolean running) {
        for (Device d : byKey.values()) d.runStateChanged(running);
    }

    /** Every device's contribution to a tree being built. */
    public void buildTree(Node root) {
        for (Device d : byKey.values()) d.buildTree(root);
    }

    /** Every device's sections, in registration order. */
    public void save(Consumer<Section> out) {
        save(out, d -> true);
    }

    /**
     * The sections of the devices {@code which} accepts, in registration order (a migration's
     * switchover leaves RAM out); every device is quiesced first ({@link Device#quiesce}).
     */
    public void save(Consumer<Section> out, java.util.function.Predicate<Device> which) {
        quiesce(); // all first: a request finishing during another device's save would change RAM already saved
        for (Device d : byKey.values()) {
            if (which.test(d)) d.saveState(out);
        }
    }

    /** Quiesces every device ({@link Device#quiesce}): before RAM's last pass and any section is taken. */
    public void quiesce() {
        for (Device d : byKey.values()) d.quiesce();
    }

    /** Every device's sections as a list (the reset checker and tests compare these). */
    public List<Section> snapshot() {
        List<Section> out = new ArrayList<>();
        save(out::add);
        return out;
    }

    /**
     * Loads every section from {@code in} into its device, then runs every post-load step.
     * Refuses, naming the section, a section no device here has (another configuration), a
     * version outside what the device loads, and a device that got no section at all.
     */
    public void load(SectionSource in) throws StateException {
        Set<String> seen = new HashSet<>();
        for (Section s; (s = in.next()) != null; ) {
            Device d = byKey.get(key(s.name(), s.instance()));
            if (d == null) {
                throw new StateException("section " + s.label() + ": this machine has no such device (a different configuration?)");
            }
            if (s.version() > d.stateVersion()) {
                throw new StateException("section " + s.label() + ": version " + s.version() + " is newer than this jpseries loads ("
                        + d.stateVersion() + ")");
            }
            if (s.version() < d.stateMinVersion()) {
                throw new StateException("section " + s.label() + ": version " + s.version() + " is older than this jpseries loads ("
                        + d.stateMinVersion() + ")");
            }
            d.loadState(s);
            seen.add(key(s.name(), s.instance()));
        }
        for (Map.Entry<String, Device> e : byKey.entrySet()) {
            if (!seen.contains(e.getKey())) {
                Device d = e.getValue();
                throw new StateException("section " + new Section(d.stateName(), d.stateInstance(), 0).label() + ": missing from the stream");
            }
        }
        for (Device d : byKey.values()) d.postLoad();
    }

    /** Every device's info text, keyed by its section label. */
    public Map<String, String> info() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Device d : byKey.values()) {
            String t = d.info();
            if (t != null) out.put(new Section(d.stateName(), d.stateInstance(), 0).label(), t);
        }
        return out;
    }
}
