package org.jpseries.intc.xics;

import static org.jpseries.intc.StateAssert.assertRefused;
import static org.jpseries.intc.StateAssert.assertSameState;
import static org.jpseries.intc.StateAssert.edited;
import static org.jpseries.intc.StateAssert.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.intc.IrqLine;
import org.jpseries.intc.IrqSources;
import org.jpseries.state.Section;
import org.junit.jupiter.api.Test;

/**
 * XICS state: a busy controller saved, loaded into a fresh one built the same way and saved again
 * gives the same sections, and the loaded one then behaves as the original (the vCPU lines it
 * drives, the XIRR values it hands out). Streams from other machines are refused in one line.
 */
class XicsStateTest {
    static final int MSI = 0x1100, MSI2 = 0x1101, MSI3 = 0x1102, LSI = 0x1200;

    /** A machine's interrupt side: shared sources, XICS over {@code servers}, registered as the platform would. */
    static final class Rig {
        final Object lock = new Object();
        final IrqSources sources = new IrqSources(lock, Xics.IRQ_BASE + Xics.NR_IRQS);
        final boolean[] line;
        final List<String> events = new ArrayList<>();
        final Xics x;
        final DeviceRegistry registry = new DeviceRegistry();
        final IrqLine msi, msi2, msi3, lsi;

        Rig(int servers, int... extraClaims) {
            line = new boolean[servers];
            x = new Xics(sources, servers, (s, a) -> {
                line[s] = a;
                events.add(s + (a ? "+" : "-"));
            });
            msi = x.claim(MSI, false);
            msi2 = x.claim(MSI2, false);
            msi3 = x.claim(MSI3, false);
            lsi = x.claim(LSI, true);
            for (int irq : extraClaims) x.claim(irq, false);
            registry.register(sources);
            registry.register(x);
            for (Device d : x.presenters()) registry.register(d);
            // the machine reset: detach, the controllers, then the pre-CAS backend active
            registry.reset(ResetPhase.DEVICES, ResetReason.COLD);
            registry.reset(ResetPhase.INTC, ResetReason.COLD);
            sources.setActive(x);
        }

        List<Section> save() {
            return registry.snapshot();
        }

        /** What the guest sees next: server 0 takes the IPI, stops IPIs, EOIs, then the resent MSI; server 1 its LSI. */
        List<String> drive() {
            List<String> t = new ArrayList<>();
            int a = x.accept(0);
            t.add(hex(a) + " " + line[0]);
            x.setMfrr(0, 0xff);
            x.eoi(0, a);
            t.add(hex(x.poll(0)[0]) + " " + line[0]);
            x.eoi(0, 0xff00_0000 | MSI2);
            t.add(hex(x.poll(0)[0]) + " " + line[0]);
            t.add(hex(x.accept(0)));
            int b = x.accept(1);
            t.add(hex(b) + " " + line[1]);
            x.eoi(1, b);
            t.add(hex(x.poll(1)[0]) + " " + line[1]);
            x.intOn(MSI3);
            t.add(hex(x.poll(1)[0]) + " " + line[1]);
            return t;
        }
    }

    static String hex(int v) {
        return Integer.toHexString(v);
    }

    /**
     * Server 0: MSI2 (priority 3) accepted, so CPPR 3; MSI (priority 5) rejected behind it; then
     * an IPI at MFRR 2 pending. Server 1: CPPR 5 with the LSI (priority 4) asserted and
     * presented; MSI3 masked by int-off with an event remembered.
     */
    static void makeBusy(Rig r) {
        Xics x = r.x;
        x.setCppr(0, 0xff);
        x.setCppr(1, 5);
        x.setXive(MSI, 0, 5);
        x.setXive(MSI2, 0, 3);
        x.setXive(LSI, 1, 4);
        x.setXive(MSI3, 1, 6);
        x.intOff(MSI3);
        r.msi.pulse();
        r.msi2.pulse();
        assertEquals(0xff00_0000 | MSI2, x.accept(0));
        x.setMfrr(0, 2);
        r.lsi.set(true);
        r.msi3.pulse();
    }

    @Test
    void busyStateRoundTripsAndTheLoadedControllerBehavesTheSame() throws Exception {
        Rig a = new Rig(2);
        makeBusy(a);
        assertArrayEquals(new int[] {0x0300_0002, 2, 2}, a.x.presenterState(0));
        assertArrayEquals(new int[] {0x0500_0000 | LSI, 4, 0xff}, a.x.presenterState(1));
        List<Section> saved = a.save();

        Rig b = new Rig(2);
        assertFalse(b.line[0] || b.line[1]);
        b.registry.load(source(saved));
        assertSameState(saved, b.save());
        assertTrue(b.line[0] && b.line[1], "the loaded presenters drive the vCPU lines of their pending interrupts");
        assertEquals(a.x.info(), b.x.info());

        List<String> expected = a.drive();
        assertEquals(List.of("3000002 false", "3000000 false", "ff001100 true", "ff001100", "5001200 false", "5001200 true", "5001200 true"),
                expected, "the original's behaviour (MSI resent after the EOIs, LSI re-presented while asserted)");
        assertEquals(expected, b.drive());
        assertSameState(a.save(), b.save());
    }

    @Test
    void eventsLatchedWithoutABackendSurviveAndReachItWhenActivated() throws Exception {
        Rig a = new Rig(2);
        a.x.setCppr(0, 0xff);
        a.x.setXive(MSI, 0, 5);
        a.sources.setActive(null);
        a.msi.pulse();
        a.lsi.set(true);
        assertTrue(a.sources.latched(MSI));
        List<Section> saved = a.save();

        Rig b = new Rig(2);
        b.sources.setActive(null);
        b.registry.load(source(saved));
        assertSameState(saved, b.save());
        assertTrue(b.sources.latched(MSI) && b.sources.asserted(LSI));

        a.sources.setActive(a.x);
        b.sources.setActive(b.x);
        assertEquals(0xff00_0000 | MSI, a.x.poll(0)[0]);
        assertEquals(a.x.poll(0)[0], b.x.poll(0)[0]);
        assertTrue(b.line[0]);
        assertSameState(a.save(), b.save());
    }

    @Test
    void aLoadedIdlePresenterLowersALineTheFreshMachineHadRaised() throws Exception {
        List<Section> idle = new Rig(2).save();
        Rig b = new Rig(2);
        b.x.setCppr(0, 0xff);
        b.x.setMfrr(0, 1);
        assertTrue(b.line[0]);
        b.registry.load(source(idle));
        assertFalse(b.line[0]);
        assertArrayEquals(new int[] {0, 0xff, 0xff}, b.x.presenterState(0));
    }

    @Test
    void anotherNumberOfServersIsRefused() {
        List<Section> saved = new Rig(2).save();
        assertRefused("section ics: field nr-servers = 2, this machine has 3 (another -smp?)", new Rig(3).registry, saved);
    }

    @Test
    void otherClaimsAreRefused() {
        List<Section> saved = new Rig(2).save();
        assertRefused("section irq-sources: field claimed: IRQ 0x1300 is claimed here but not in the stream (other devices?)",
                new Rig(2, 0x1300).registry, saved);
        List<Section> more = new Rig(2, 0x1300).save();
        assertRefused("section irq-sources: field claimed: IRQ 0x1300 is claimed in the stream but not here (other devices?)",
                new Rig(2).registry, more);
    }

    @Test
    void badFieldsAreRefusedNamingSectionAndField() throws Exception {
        List<Section> saved = new Rig(2).save();
        assertRefused("section icp[1]: field mfrr = 256 is outside 0..255", new Rig(2).registry, edited(saved, "icp[1]", "mfrr", 0x100));
        assertRefused("section icp: field xirr: XISR 0x1100 is neither empty nor the IPI (xirr-from-ics = false)", new Rig(2).registry,
                edited(saved, "icp", "xirr", 0xff00_0000 | MSI));
        int[] server = new int[Xics.NR_IRQS];
        server[0x102] = 7;
        assertRefused("section ics: field server: source 0x1102 is 0x7, outside 0x0..0x1", new Rig(2).registry,
                edited(saved, "ics", "server", server));
        assertRefused("section irq-sources: field asserted: 0x1100 is not a claimed LSI", new Rig(2).registry,
                edited(saved, "irq-sources", "asserted", new int[] {MSI}));
        assertRefused("section ics: field priority is LONG, expected INTS", new Rig(2).registry, edited(saved, "ics", "priority", 5L));
    }

    @Test
    void aSourceOfAnotherKindIsRefused() {
        IrqSources lsiHere = new IrqSources(new Object(), 0x2000), msiHere = new IrqSources(new Object(), 0x2000);
        lsiHere.claimLine(0x1200, true);
        msiHere.claimLine(0x1200, false);
        DeviceRegistry r = new DeviceRegistry();
        r.register(msiHere);
        List<Section> stream = new ArrayList<>();
        lsiHere.saveState(stream::add);
        assertRefused("section irq-sources: field lsi: IRQ 0x1200 is level-sensitive in the stream but not here (a device of another kind?)", r,
                stream);
    }

    @Test
    void theDevicesResetToAFreshXicsLoweringEveryOutputInServerOrder() {
        Rig a = new Rig(2), fresh = new Rig(2);
        makeBusy(a);
        a.events.clear();
        a.registry.reset(ResetPhase.INTC, ResetReason.HOST);
        assertEquals(List.of("0-", "1-"), a.events, "the ICS first (no output), then each presenter's output lowered");
        assertSameState(intc(fresh.save()), intc(a.save()));
    }

    /** The sections of the INTC reset phase (the source table's levels belong to the devices and stay). */
    static List<Section> intc(List<Section> all) {
        return all.stream().filter(s -> !s.name().equals(IrqSources.SECTION)).toList();
    }
}
