package org.jpseries.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.memory.GuestRam;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/**
 * Pre-copy without a guest: the "vCPUs" are this test, which writes RAM each time the
 * migration asks them to drop their write translations (that is, between passes), so the
 * passes, the dirty log and the loaded result are deterministic.
 */
class PreCopyTest {
    private static final long SIZE = 64L << 20;

    /** Writes {@code rounds} rounds of pages at each translation drop, then stops writing. */
    private static class Writer implements PreCopy.Vcpus {
        final GuestRam ram;
        final int rounds;
        int drops, throttle;

        Writer(GuestRam ram, int rounds) {
            this.ram = ram;
            this.rounds = rounds;
        }

        @Override
        public void dropWriteTranslations() {
            drops++;
            if (drops > rounds) return;
            for (int p = 0; p < 100; p++) ram.writeBE64((long) (p * 37 % 16384) << 12, ((long) drops << 32) | p);
            if (drops == 2) ram.writeBE64(5L << 12, 0); // a page written in pass 1 goes back to zero
        }

        @Override
        public void throttle(int percent) {
            throttle = percent;
        }
    }

    private static Section header() {
        return new Section(MachineStream.HEADER, 0, 1).bool("running", true);
    }

    @Test
    void passesSendWhatWasWrittenUntilNothingIsLeft() throws Exception {
        GuestRam src = new GuestRam(SIZE), dst = new GuestRam(SIZE);
        src.writeBE64(5L << 12, 0x5555);
        src.writeBE64(0x300_0000, 0x3333);
        DeviceRegistry from = new DeviceRegistry(), to = new DeviceRegistry();
        from.register(src);
        to.register(dst);
        MigrationStatus status = new MigrationStatus();
        status.parameters().downtimeLimit(0); // switch over only when no page is left
        status.parameters().maxBandwidth(0);
        status.start(SIZE);
        List<Integer> passes = new ArrayList<>();
        Writer w = new Writer(src, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PreCopy copy = new PreCopy(from, src, new MigrationChannel(out), status, w, passes::add);
        copy.live(header());
        copy.complete(MachineStream.globalState("running"));
        assertEquals(List.of(1, 2, 3, 4, 5), passes, "pass 1, one pass per round of writes, then the last (empty) one");
        assertEquals(5, status.passes());
        assertTrue(!src.dirtyLog().on(), "logging ends with the migration");
        MachineStream.Loaded loaded = MachineStream.load(to, new ByteArrayInputStream(out.toByteArray()), h -> {});
        assertTrue(loaded.running());
        for (int p = 0; p < 100; p++) {
            long pa = (long) (p * 37 % 16384) << 12;
            assertEquals(src.readBE64(pa), dst.readBE64(pa), "page " + (pa >> 12));
        }
        assertEquals(0, dst.readBE64(5L << 12), "a page zeroed after pass 1 is zero on the destination");
        assertEquals(0x3333, dst.readBE64(0x300_0000));
        assertTrue(status.zeroPages() >= 1, "the zeroed page was sent as a zero page");
        src.close();
        dst.close();
    }

    @Test
    void aCancelStopsTheLivePhaseAndLoggingEnds() throws Exception {
        GuestRam src = new GuestRam(SIZE);
        DeviceRegistry from = new DeviceRegistry();
        from.register(src);
        MigrationStatus status = new MigrationStatus();
        status.parameters().downtimeLimit(0);
        status.start(SIZE);
        PreCopy.Vcpus cancelling = new Writer(src, 1000) {
            @Override
            public void dropWriteTranslations() {
                super.dropWriteTranslations();
                if (drops == 3) status.requestCancel();
            }
        };
        PreCopy copy = new PreCopy(from, src, new MigrationChannel(new ByteArrayOutputStream()), status, cancelling, p -> {});
        assertThrows(PreCopy.Cancelled.class, () -> copy.live(header()));
        copy.abandon();
        assertTrue(!src.dirtyLog().on());
        src.close();
    }

    @Test
    void autoConvergeThrottlesAWriterThatOutrunsTheLink() throws Exception {
        GuestRam src = new GuestRam(SIZE);
        DeviceRegistry from = new DeviceRegistry();
        from.register(src);
        MigrationStatus status = new MigrationStatus();
        status.setCapability(MigrationStatus.Capability.AUTO_CONVERGE, true);
        status.parameters().downtimeLimit(0);
        status.start(SIZE);
        int[] seen = new int[1];
        // each round dirties all of RAM: far more than throttle-trigger-threshold (50%) of what a pass sends
        PreCopy.Vcpus heavy = new PreCopy.Vcpus() {
            int drops;

            @Override
            public void dropWriteTranslations() {
                if (++drops > 4) return;
                for (long pa = 0; pa < SIZE; pa += 4096) src.writeBE32(pa, drops);
            }

            @Override
            public void throttle(int percent) {
                seen[0] = Math.max(seen[0], percent);
            }
        };
        PreCopy copy = new PreCopy(from, src, new MigrationChannel(new ByteArrayOutputStream()), status, heavy, p -> {});
        copy.live(header());
        copy.complete(MachineStream.globalState("running"));
        assertEquals(MigrationParameters.DEFAULT_THROTTLE_INITIAL + MigrationParameters.DEFAULT_THROTTLE_INCREMENT, seen[0],
                "throttled at the second high pass (20%) and again two passes later (30%)");
        src.close();
    }

    /** The return path: the source completes only on the destination's word, and fails with its reason. */
    @Test
    void theDestinationsAnswerDecides() throws Exception {
        for (String refusal : new String[] {null, "section machine: the stream is from a machine with smp 1, this one has 2"}) {
            GuestRam src = new GuestRam(SIZE);
            DeviceRegistry from = new DeviceRegistry();
            from.register(src);
            MigrationStatus status = new MigrationStatus();
            status.start(SIZE);
            PipedInputStream back = new PipedInputStream(1 << 16);
            PipedOutputStream answer = new PipedOutputStream(back);
            ReturnPath.send(answer, refusal);
            PreCopy copy = new PreCopy(from, src, new MigrationChannel(new ByteArrayOutputStream(), back, back), status, new Writer(src, 0),
                    p -> {});
            copy.live(header());
            if (refusal == null) {
                copy.complete(MachineStream.globalState("paused"));
            } else {
                IOException e = assertThrows(IOException.class, () -> copy.complete(MachineStream.globalState("paused")));
                assertEquals("the destination refused the stream: " + refusal, e.getMessage());
            }
            src.close();
        }
    }

    @Test
    void aStreamFromAnotherProgramIsRefused() {
        DeviceRegistry to = new DeviceRegistry();
        StateException e = assertThrows(StateException.class,
                () -> MachineStream.load(to, new ByteArrayInputStream("QFI\u00fb\0\0\0\3".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), h -> {}));
        assertEquals("not a jpseries state stream (bad magic)", e.getMessage());
    }
}
