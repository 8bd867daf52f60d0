package org.jpseries.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/** The time base's section: frozen while stopped, the same value after a load, counting on after resume. */
class TimeBaseStateTest {
    static final long MS = TimeBase.FREQUENCY / 1000;

    static Section save(TimeBase tb) {
        List<Section> out = new ArrayList<>();
        tb.saveState(out::add);
        assertEquals(1, out.size());
        return out.get(0);
    }

    @Test
    void aStoppedValueIsReadAfterTheLoadAndCountsOnAfterResume() throws Exception {
        TimeBase a = new TimeBase();
        Thread.sleep(5);
        a.stop();
        long x = a.read();
        Section s = save(a);
        assertEquals("timebase", s.label());
        assertEquals(x, s.i64("tb"));

        TimeBase b = new TimeBase();
        Thread.sleep(30); // b has counted past x
        b.stop();
        b.loadState(s);
        assertEquals(x, b.read());
        Thread.sleep(20);
        assertEquals(x, b.read(), "frozen until resumed");
        b.resume();
        Thread.sleep(20);
        long later = b.read();
        assertTrue(later >= x + 19 * MS, "counts on from the loaded value: " + (later - x) + " ticks");
        assertTrue(later < x + 10_000 * MS, "from the loaded value, not from its own");
    }

    @Test
    void aRunningTimeBaseCountsOnFromTheLoadedValueAtOnce() throws StateException {
        long x = 123_456_789_012L;
        TimeBase b = new TimeBase();
        b.loadState(new Section("timebase", 0, TimeBase.STATE_VERSION).i64("tb", x));
        long v = b.read();
        assertTrue(v >= x - 1 && v < x + 10_000 * MS, "read " + v);
    }

    @Test
    void theTimeBaseMustLoadBeforeTheDecrementersThatCountOnIt() throws StateException {
        TimeBase tb = new TimeBase();
        tb.stop();
        Cpu source = CpuStateTest.cpu(CpuModel.POWER9, tb);
        source.sys.writeDecrementer(5 * MS);
        Section cpu = CpuStateTest.save(source);
        Cpu target = CpuStateTest.cpu(CpuModel.POWER9, tb);
        CpuState.load(cpu, target);
        Section tbSection = new Section("timebase", 0, TimeBase.STATE_VERSION).i64("tb", 42);
        StateException e = assertThrows(StateException.class, () -> tb.loadState(tbSection));
        assertTrue(e.getMessage().startsWith("section timebase: loaded after a vCPU's decrementer"), e.getMessage());
        tb.resume();
        tb.stop();
        tb.loadState(tbSection); // a new stop, nothing restored against it yet
        assertEquals(42, tb.read());
    }

    @Test
    void aMissingMistypedOrNegativeValueIsNamed() {
        TimeBase tb = new TimeBase();
        StateException e = assertThrows(StateException.class, () -> tb.loadState(new Section("timebase", 0, 1)));
        assertEquals("section timebase: field tb is missing", e.getMessage());
        e = assertThrows(StateException.class, () -> tb.loadState(new Section("timebase", 0, 1).i32("tb", 1)));
        assertEquals("section timebase: field tb is INT, expected LONG", e.getMessage());
        e = assertThrows(StateException.class, () -> tb.loadState(new Section("timebase", 0, 1).i64("tb", -2)));
        assertEquals("section timebase: field tb = 18446744073709551614 is beyond the 63-bit count jpseries keeps", e.getMessage());
    }
}
