package org.jpseries.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jpseries.device.ResetReason;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.virtio.TestDriver.Queue;
import org.jpseries.virtio.blk.FileBackend;
import org.jpseries.virtio.blk.VirtioBlk;
import org.jpseries.virtio.net.NetPeer;
import org.jpseries.virtio.net.VirtioNet;
import org.jpseries.virtio.rng.VirtioRng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save -> load -> save gives the same section; a load checks everything before it changes anything; a loaded device carries on. */
class VirtioStateTest {
    @TempDir
    Path tmp;

    /** Every common configuration register of every queue, the device configuration and the status, read through BAR 4 (the ISR is left alone: reading clears it). */
    static List<Long> registers(Rig r) {
        TestDriver d = new TestDriver(r.ram, r.bus, r.dev, true, false);
        d.findCapabilities();
        List<Long> out = new ArrayList<>();
        long sel = d.rd(0x16, 2);
        for (int off : new int[] {0x00, 0x08, 0x0c, 0x10, 0x12, 0x14, 0x15, 0x16}) out.add(d.rd(off, off >= 0x10 ? 2 : 4));
        for (int q = 0; q < 3; q++) {
            d.wr(0x16, 2, q);
            for (int off = 0x18; off < 0x3c; off += 2) out.add(d.rd(off, 2));
        }
        d.wr(0x16, 2, sel);
        for (int i = 0; i < 16; i++) out.add(d.devCfg(i, 1));
        return out;
    }

    static Section save(Rig r) {
        List<Section> out = new ArrayList<>();
        r.dev.saveState(out::add);
        assertEquals(1, out.size());
        return out.get(0);
    }

    /** Moves RAM's first 8 MiB (rings and buffers) to another rig, as a migration's RAM pass would. */
    static void copyRam(Rig from, Rig to) {
        byte[] b = new byte[8 << 20];
        from.ram.read(0, b, 0, b.length);
        to.ram.write(0, b, 0, b.length);
    }

    @Test
    void rngSaveLoadSaveAndCarryOn() throws Exception {
        try (Rig a = new Rig(new VirtioRng(new Random(7), Long.MAX_VALUE, 65536)); Rig b = new Rig(new VirtioRng(new Random(7), Long.MAX_VALUE, 65536))) {
            TestDriver drv = a.modern();
            drv.init(1L << 32 | 1L << 29, 1);
            Queue q = drv.queues.get(0);
            drv.add(q, TestDriver.in(drv.alloc(16), 16));
            drv.kick(q);
            drv.waitUsed(q);
            Section s = save(a);
            assertEquals("virtio-rng-pci", s.name());
            assertEquals(8, s.instance(), "instance = devfn");
            b.dev.reset(ResetReason.COLD);
            copyRam(a, b);
            b.dev.loadState(s);
            b.bus.remap();
            assertEquals(List.of(), s.diff(save(b)));
            assertEquals(registers(a), registers(b), "the loaded function reads as the saved one");
            // the same driver state now drives b
            TestDriver d2 = new TestDriver(b.ram, b.bus, b.dev, true, false);
            d2.features = drv.features;
            d2.findCapabilities();
            d2.queues.add(q);
            drv.ram.fill(0, 1, (byte) 0); // a is left behind
            TestDriver.Queue q2 = q;
            d2.add(q2, TestDriver.in(d2.alloc(32), 32));
            d2.kick(q2);
            assertEquals(32, d2.waitUsed(q2)[1], "the loaded device used the next buffer");
            assertEquals(2, d2.usedIdx(q2));
        }
    }

    @Test
    void blkAndNetSaveLoadSave() throws Exception {
        try (FileBackend f = FileBackend.create(tmp.resolve("d"), 1 << 20, false); Rig a = new Rig(new VirtioBlk(f, "x")); Rig b = new Rig(new VirtioBlk(f, "x"))) {
            TestDriver drv = a.modern();
            drv.init(-1L, 1);
            drv.devCfgWrite(32, 1, 0); // wce off
            assertEquals(0, VirtioBlkTest.request(drv, VirtioBlkTest.IN, 0, TestDriver.in(drv.alloc(512), 512), null));
            Section s = save(a);
            b.dev.loadState(s);
            b.bus.remap();
            assertEquals(List.of(), s.diff(save(b)));
            assertEquals(registers(a), registers(b), "the loaded function reads as the saved one");
            assertEquals(false, s.subsection("device").bool("wce"));
        }
        byte[] mac = org.jpseries.net.MacAddress.parse("52:54:00:12:34:56", "mac").bytes();
        VirtioNet na = new VirtioNet(mac, NetPeer.NONE);
        try (Rig a = new Rig(na); Rig b = new Rig(new VirtioNet(mac, NetPeer.NONE))) {
            TestDriver drv = a.modern();
            drv.init(-1L, 3);
            assertEquals(0, VirtioNetTest.ctrl(drv, 0, 0, new byte[] {0}));
            assertEquals(0, VirtioNetTest.ctrl(drv, 1, 1, new byte[] {2, 0, 0, 0, 0, 7}));
            assertEquals(0, VirtioNetTest.ctrl(drv, 2, 0, new byte[] {5, 0}));
            drv.wr(0x16, 2, 1);
            Section s = save(a);
            b.dev.loadState(s);
            b.bus.remap();
            assertEquals(List.of(), s.diff(save(b)));
            assertEquals(registers(a), registers(b), "the loaded function reads as the saved one");
            assertEquals(7, ((VirtioNet) b.vdev).mac()[5]);
        }
    }

    @Test
    void aLoadThatDoesNotFitChangesNothing() throws Exception {
        try (Rig a = new Rig(new VirtioRng()); Rig b = new Rig(new VirtioRng())) {
            TestDriver drv = a.modern();
            drv.init(1L << 32, 1);
            Section good = save(a);
            Section before = save(b);
            // features this device does not offer
            Section bad = copyWith(good, "guest-features", 1L << 5);
            StateException e = assertThrows(StateException.class, () -> b.dev.loadState(bad));
            assertTrue(e.getMessage().contains("features 0x20 not offered"), e.getMessage());
            assertEquals(List.of(), before.diff(save(b)));
            // a ring whose indexes cannot be: last_avail 100 ahead of used in a queue of 8
            Section qs = good.subsection("queues");
            Section badQs = copyWith(qs, "last-avail-idx", new int[] {100});
            Section badQueue = new Section(good.name(), good.instance(), good.version());
            for (String n : good.fieldNames()) badQueue.putDecoded(n, good.rawValue(n));
            badQueue.sub(badQs).sub(good.subsection("device"));
            e = assertThrows(StateException.class, () -> b.dev.loadState(badQueue));
            assertTrue(e.getMessage().contains("VQ 0 size 0x8 Guest index 0x64 inconsistent with Host index 0x0"), e.getMessage());
            assertEquals(List.of(), before.diff(save(b)));
            // another device's section: its configuration's read-only bytes differ
            try (Rig net = new Rig(new VirtioNet(new byte[6], NetPeer.NONE)); Rig fresh = new Rig(new VirtioNet(new byte[6], NetPeer.NONE))) {
                assertThrows(StateException.class, () -> net.dev.loadState(good));
                assertEquals(List.of(), save(fresh).diff(save(net)), "nothing changed");
            }
        }
    }

    /** MachineStateTest's rule for a device it does not register: every STATE field of the transport and of the virtio device is in the section. */
    @Test
    void everyStateFieldIsInTheSection() throws Exception {
        byte[] mac = new byte[6];
        try (FileBackend f = FileBackend.create(tmp.resolve("s"), 1 << 20, false); Rig blk = new Rig(new VirtioBlk(f, ""));
                Rig net = new Rig(new VirtioNet(mac, NetPeer.NONE)); Rig rng = new Rig(new VirtioRng())) {
            List<String> missing = new ArrayList<>();
            for (Rig r : List.of(blk, net, rng)) {
                java.util.Set<String> names = new java.util.HashSet<>();
                collect(save(r), names);
                for (Object o : List.of(r.dev, r.vdev)) {
                    for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
                        for (java.lang.reflect.Field fl : c.getDeclaredFields()) {
                            org.jpseries.state.Role role = fl.getAnnotation(org.jpseries.state.Role.class);
                            if (role == null || role.kind() != org.jpseries.state.Role.Kind.STATE) continue;
                            String n = role.value().isEmpty() ? fl.getName() : role.value();
                            if (!names.contains(n)) missing.add(c.getSimpleName() + "." + fl.getName() + " as " + n);
                        }
                    }
                }
            }
            assertEquals(List.of(), missing);
        }
    }

    static void collect(Section s, java.util.Set<String> names) {
        names.addAll(s.fieldNames());
        for (Section sub : s.subsections()) {
            names.add(sub.name());
            collect(sub, names);
        }
    }

    static Section copyWith(Section s, String field, Object value) throws StateException {
        Section c = new Section(s.name(), s.instance(), s.version());
        for (String n : s.fieldNames()) c.putDecoded(n, n.equals(field) ? value : s.rawValue(n));
        for (Section sub : s.subsections()) c.sub(sub);
        return c;
    }
}
