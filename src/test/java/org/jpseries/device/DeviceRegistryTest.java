package org.jpseries.device;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jpseries.state.Section;
import org.junit.jupiter.api.Test;

/** The registry quiesces a device before it saves its sections (no stream holds half a request). */
class DeviceRegistryTest {
    /** A device with a request "in flight" on a thread of its own until quiesced. */
    static class Busy implements Device {
        final List<String> log;
        boolean inFlight = true;

        Busy(List<String> log) {
            this.log = log;
        }

        @Override
        public DeviceId id() {
            return DeviceId.of("busy", 1, ResetPhase.DEVICES);
        }

        @Override
        public void quiesce() {
            log.add("quiesce");
            inFlight = false;
        }

        @Override
        public void reset(ResetReason why) {}

        @Override
        public void saveState(Consumer<Section> out) {
            log.add(inFlight ? "save with a request in flight" : "save");
            out.accept(newSection().bool("in-flight", inFlight));
        }

        @Override
        public void loadState(Section s) {}
    }

    @Test
    void savingQuiescesEveryDeviceFirst() {
        List<String> log = new ArrayList<>();
        DeviceRegistry r = new DeviceRegistry();
        r.register(new Busy(log));
        List<Section> out = r.snapshot();
        assertEquals(List.of("quiesce", "save"), log);
        assertEquals(1, out.size());
    }

    /** A migration's switchover leaves RAM out of the save; every device is still quiesced before any section, RAM's last pass included. */
    @Test
    void everyDeviceIsQuiescedBeforeAnySection() {
        List<String> log = new ArrayList<>();
        DeviceRegistry r = new DeviceRegistry();
        Busy first = r.register(new Busy(log));
        r.register(new Busy(log) {
            @Override
            public DeviceId id() {
                return DeviceId.of("busy2", 1, ResetPhase.DEVICES);
            }
        });
        r.save(s -> {}, d -> d == first);
        assertEquals(List.of("quiesce", "quiesce", "save"), log);
    }

}
