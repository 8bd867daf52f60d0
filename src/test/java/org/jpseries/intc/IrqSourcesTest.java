package org.jpseries.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shared source table: claims, levels, latching while no backend is active, and switching under load. */
class IrqSourcesTest {
    /** A backend that records what it is told and fails if told anything while inactive. */
    static final class Recorder implements IrqBackend {
        final String name;
        final List<String> seen = new ArrayList<>();
        boolean active;
        int events;
        volatile String violation;

        Recorder(String name) {
            this.name = name;
        }

        @Override public void sourceChanged(int irq, boolean level) {
            if (!active) violation = name + " told about 0x" + Integer.toHexString(irq) + " while inactive";
            if (level) events++;
            seen.add(Integer.toHexString(irq) + (level ? "+" : "-"));
        }

        @Override public void activate() { active = true; }
        @Override public void deactivate() { active = false; }
        @Override public void addTreeNode(org.jpseries.spapr.devtree.Node root, int phandle) { root.add("interrupt-controller@" + name); }
        @Override public String name() { return name; }
    }

    final Object lock = new Object();

    int delivered() {
        synchronized (lock) {
            return a.events + b.events;
        }
    }
    final IrqSources s = new IrqSources(lock, 0x2000);
    final Recorder a = new Recorder("A"), b = new Recorder("B");

    @Test
    void msiBlocksAreClaimedAlignedReleasedAndSaved() throws Exception {
        s.claimLine(0x1200, true);
        s.claimLine(0x1302, false); // a fixed claim inside the range
        assertEquals(0x1300, s.claimMsiBlock(0x1300, 0x1310, 2, 1));
        assertEquals(0x1304, s.claimMsiBlock(0x1300, 0x1310, 3, 1), "0x1302 is taken; the next even offset");
        assertEquals(0x1303, s.claimMsiBlock(0x1300, 0x1310, 1, 0), "unaligned: the first free number");
        assertEquals(-1, s.claimMsiBlock(0x1300, 0x1310, 10, 0), "only 9 free in a row");
        assertTrue(s.claimedAsMsiBlock(0x1305) && !s.claimedAsMsiBlock(0x1302) && !s.isLsi(0x1305));
        s.setActive(null);
        s.line(0x1305).pulse();
        assertTrue(s.latched(0x1305));
        List<org.jpseries.state.Section> saved = new ArrayList<>();
        s.saveState(saved::add);
        assertEquals(List.of(0x1300, 0x1301, 0x1303, 0x1304, 0x1305, 0x1306), java.util.Arrays.stream(saved.get(0).ints("msi-claimed")).boxed().toList());
        s.release(0x1304, 3);
        assertFalse(s.claimed(0x1305) || s.latched(0x1305), "released: free, nothing latched");
        assertThrows(IllegalStateException.class, () -> s.release(0x1302, 1), "a fixed claim is not released");
        assertEquals(0x1304, s.claimMsiBlock(0x1300, 0x1310, 2, 1), "the numbers come back");
        s.loadState(saved.get(0));
        assertTrue(s.claimedAsMsiBlock(0x1306) && s.latched(0x1305), "the stream's blocks and events");
        // a fresh table (the machine's fixed claims only) takes the stream's blocks; one over a fixed claim is refused
        IrqSources t = new IrqSources(new Object(), 0x2000);
        t.claimLine(0x1200, true);
        t.claimLine(0x1302, false);
        t.loadState(saved.get(0));
        assertTrue(t.claimedAsMsiBlock(0x1300) && t.claimed(0x1303) && !t.claimed(0x1307));
        IrqSources u = new IrqSources(new Object(), 0x2000);
        u.claimLine(0x1200, true);
        u.claimLine(0x1302, false);
        u.claimLine(0x1300, false);
        assertThrows(org.jpseries.state.StateException.class, () -> u.loadState(saved.get(0)));
    }

    @Test
    void claimsAreExclusiveAndOnlyAClaimedLineCanBeNamedByNumber() {
        IrqLine msi = s.claimLine(0x1000, false);
        assertThrows(IllegalStateException.class, () -> s.claimLine(0x1000, true));
        assertThrows(IllegalArgumentException.class, () -> s.claimLine(0x2000, true));
        assertSame(msi, s.line(0x1000), "the number names the claimer's own line");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.line(0x1001));
        assertEquals("IRQ 0x1001 is not claimed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.line(-5));
        assertThrows(IllegalArgumentException.class, () -> s.line(0x2000));
        s.setActive(a);
        assertEquals(List.of(), a.seen);
    }

    @Test
    void levelsAndEventsLatchWhileNoBackendIsActive() {
        IrqLine msi = s.claimLine(0x1000, false);
        IrqLine lsi = s.claimLine(0x1001, true);
        lsi.set(true);
        msi.pulse();
        msi.pulse();
        assertTrue(s.latched(0x1000));
        assertTrue(s.asserted(0x1001));
        s.setActive(a);
        assertEquals(List.of("1000+", "1001+"), a.seen, "one latched event (edges coalesce) and the asserted LSI, in claim order");
        assertFalse(s.latched(0x1000));
        s.setActive(b);
        assertEquals(List.of("1001+"), b.seen, "the new backend sees the still-high level, not the old event");
        lsi.set(false);
        assertFalse(s.asserted(0x1001));
        assertEquals(List.of("1001+", "1001-"), b.seen);
        assertFalse(a.active);
    }

    @Test
    void devicesRaisingWhileBackendsSwitchNeverReachAnInactiveOne() throws Exception {
        IrqLine msi = s.claimLine(0x1000, false);
        IrqLine lsi = s.claimLine(0x1001, true);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread device = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    msi.pulse();
                    lsi.set((i & 1) == 0);
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        device.start();
        IrqBackend[] order = {null, a, null, b, a, b, null};
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int round = 0; round < 2000 || delivered() < 1000 && System.nanoTime() < deadline; round++) {
            s.setActive(order[round % order.length]);
        }
        stop.set(true);
        device.join();
        assertEquals(null, failed.get());
        assertEquals(null, a.violation);
        assertEquals(null, b.violation);
        assertTrue(a.events + b.events > 0, "events were delivered to the active backends");
    }

    @Test
    void aClaimedLineCarriesItsNumberAndReachesTheActiveBackend() {
        IrqLine msi = s.claimLine(0x1000, false), lsi = s.claimLine(0x1001, true);
        assertEquals(0x1000, msi.number());
        assertFalse(msi.isLsi());
        assertTrue(lsi.isLsi());
        msi.pulse();
        assertTrue(s.latched(0x1000), "no backend yet: the event latches");
        s.setActive(a);
        lsi.set(true);
        assertTrue(s.asserted(0x1001));
        lsi.set(false);
        msi.pulse();
        assertEquals(List.of("1000+", "1001+", "1001-", "1000+", "1000-"), a.seen);
        assertThrows(IllegalStateException.class, () -> s.claimLine(0x1001, false));
    }
}
