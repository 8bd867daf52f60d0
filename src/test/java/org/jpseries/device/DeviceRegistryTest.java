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
    static final class Busy implements Device {
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
    void savingQuiescesEachDeviceFirst() {
        List<String> log = new ArrayList<>();
        DeviceRegistry r = new DeviceRegistry();
        r.register(new Busy(log));
        List<Section> out = r.snapshot();
        assertEquals(List.of("quiesce", "save"), log);
        assertEquals(1, out.size());
    }

    @Test
    void aDeviceLeftOutIsNotQuiesced() {
        List<String> log = new ArrayList<>();
        DeviceRegistry r = new DeviceRegistry();
        r.register(new Busy(log));
        r.save(s -> {}, d -> false);
        assertTrue(log.isEmpty());
    }
}
