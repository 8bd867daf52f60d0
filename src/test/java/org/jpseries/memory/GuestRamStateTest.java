package org.jpseries.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.junit.jupiter.api.Test;

/** Guest RAM as versioned state (section "ram"): 1 MiB sections of non-zero pages, size checked, code dropped on load. */
class GuestRamStateTest {
    static final long SIZE = 64L << 20;
    static final long MIB = 1L << 20;

    static List<Section> save(GuestRam ram) {
        List<Section> out = new ArrayList<>();
        ram.saveState(out::add);
        return out;
    }

    static void load(GuestRam ram, List<Section> sections) throws StateException {
        for (Section s : sections) ram.loadState(s);
        ram.postLoad();
    }

    static byte[] pattern(int seed) {
        byte[] b = new byte[Page.SIZE];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (seed * 31 + i * 7 + 1);
        return b;
    }

    /** Pages 0, 0x123 and 0x2001 and the last hold data; page 0x2000 and all of MiB 48 were written and zeroed again. */
    static GuestRam written() {
        GuestRam ram = new GuestRam(SIZE);
        ram.write(0, pattern(1), 0, Page.SIZE);
        ram.write(0x123000, pattern(2), 0, Page.SIZE);
        ram.write(32 * MIB, pattern(3), 0, Page.SIZE);
        ram.write(32 * MIB + 0x1000, pattern(4), 0, Page.SIZE);
        ram.fill(32 * MIB, Page.SIZE, (byte) 0);
        ram.writeBE64(SIZE - 8, 0x0102030405060708L);
        ram.fill(48 * MIB, MIB, (byte) 0x55);
        ram.fill(48 * MIB, MIB, (byte) 0);
        return ram;
    }

    static int dataBytes(List<Section> sections) throws StateException {
        int n = 0;
        for (Section s : sections) n += s.bytes("data").length;
        return n;
    }

    static void assertSameContents(GuestRam a, GuestRam b) {
        byte[] x = new byte[(int) MIB], y = new byte[(int) MIB];
        for (long pa = 0; pa < SIZE; pa += MIB) {
            a.read(pa, x, 0, x.length);
            b.read(pa, y, 0, y.length);
            assertArrayEquals(x, y, "RAM differs in the MiB at 0x" + Long.toHexString(pa));
        }
    }

    @Test
    void onlyNonZeroPagesOfTouchedMegabytesAreSent() throws StateException {
        List<Section> saved = save(written());
        int[] firsts = new int[saved.size()];
        for (int i = 0; i < firsts.length; i++) firsts[i] = saved.get(i).i32("first");
        // MiB 0 (pages 0 and 0x123 are in MiB 0 and 1), MiB 32 (page 0x2001 only), the last MiB
        assertArrayEquals(new int[] {0, 256, 32 * 256, 63 * 256}, firsts, "untouched and zeroed megabytes are not sent");
        assertEquals(4 * Page.SIZE, dataBytes(saved), "four non-zero pages, nothing else");
        assertArrayEquals(new long[] {2, 0, 0, 0}, saved.get(2).longs("present"), "page 0x2001: bit 1; the zeroed page 0x2000 absent");
        for (Section s : saved) assertEquals(SIZE, s.i64("size"), "every section carries the size");
    }

    @Test
    void loadIntoAFreshRamReadsTheSameAndSavesTheSame() throws StateException {
        GuestRam src = written();
        List<Section> saved = save(src);
        GuestRam dst = new GuestRam(SIZE);
        load(dst, saved);
        assertSameContents(src, dst);
        assertEquals(saved, save(dst));
    }

    @Test
    void untouchedRamSavesOneEmptySectionAndLoadingItZeroesEverything() throws StateException {
        List<Section> saved = save(new GuestRam(SIZE));
        assertEquals(1, saved.size());
        assertEquals(0, dataBytes(saved));
        GuestRam dst = written();
        load(dst, saved);
        assertSameContents(new GuestRam(SIZE), dst);
    }

    @Test
    void loadDropsDecodedCodeOfEveryPage() throws StateException {
        GuestRam dst = new GuestRam(SIZE);
        AtomicInteger invalidated = new AtomicInteger();
        Page.PageCode code = invalidated::incrementAndGet;
        Page inStream = dst.page(0x123000), notInStream = dst.page(0x500000);
        inStream.code = code;
        notInStream.code = code;
        dst.write(0x500000, pattern(9), 0, Page.SIZE);
        notInStream.code = code; // the write dropped it: decode again
        load(dst, save(written()));
        assertNull(inStream.code);
        assertNull(notInStream.code);
        assertEquals(3, invalidated.get(), "the write, then both pages on the load");
        byte[] b = new byte[Page.SIZE];
        dst.read(0x500000, b, 0, b.length);
        assertArrayEquals(new byte[Page.SIZE], b, "a page not in the stream is zero after the load");
    }

    @Test
    void anotherRamSizeIsRefusedBeforeAnythingIsWritten() {
        List<Section> saved = save(written());
        GuestRam dst = new GuestRam(2 * SIZE);
        dst.writeBE64(0x1000, 42);
        StateException e = assertThrows(StateException.class, () -> load(dst, saved));
        assertEquals("section ram: field size = 64 MiB, this machine has 128 MiB of RAM (-m)", e.getMessage());
        assertEquals(42, dst.readBE64(0x1000), "nothing was written");
    }

    @Test
    void malformedSectionsAreRefusedNamingTheField() {
        GuestRam dst = new GuestRam(SIZE);
        Section late = dst.newSection().i64("size", SIZE).i32("first", 256).i32("pass", 1).longs("present", new long[4]).longs("zeroed", new long[0]).bytes("data", new byte[0]);
        StateException e = assertThrows(StateException.class, () -> dst.loadState(late));
        assertTrue(e.getMessage().contains("field first = 256 is out of order"), e.getMessage());
        long[] past = new long[257];
        past[256] = 1;
        Section beyond = dst.newSection().i64("size", SIZE).i32("first", 0).i32("pass", 1).longs("present", past).longs("zeroed", new long[0]).bytes("data", new byte[Page.SIZE]);
        e = assertThrows(StateException.class, () -> dst.loadState(beyond));
        assertTrue(e.getMessage().contains("field present names page 16384"), e.getMessage());
        Section shortData = dst.newSection().i64("size", SIZE).i32("first", 0).i32("pass", 1).longs("present", new long[] {3})
                .longs("zeroed", new long[0]).bytes("data", new byte[Page.SIZE]);
        e = assertThrows(StateException.class, () -> dst.loadState(shortData));
        assertEquals("section ram: field data has 4096 bytes for 2 present pages", e.getMessage());
        Section noSize = dst.newSection().i32("first", 0);
        e = assertThrows(StateException.class, () -> dst.loadState(noSize));
        assertEquals("section ram: field size is missing", e.getMessage());
    }

    /** A migration's passes: later passes rewrite pages, and pages zeroed on the source are zeroed here. */
    @Test
    void laterPassesRewriteAndZeroPages() throws Exception {
        GuestRam src = new GuestRam(SIZE), dst = new GuestRam(SIZE);
        src.writeBE64(0x1000, 0x1111);
        src.writeBE64(0x5000, 0x5555);
        src.writeBE64(0x30_0000, 0x3333);
        DirtyLog log = src.dirtyLog();
        log.start();
        List<Section> stream = new ArrayList<>();
        src.savePass(null, 1, stream::add);
        src.writeBE64(0x1000, 0x1112);        // rewritten
        src.writeBE64(0x5000, 0);             // zeroed
        src.writeBE64(0x20_0000, 0x2222);     // new, in a section pass 1 did not send
        long[] dirty = log.take();
        assertEquals(3, java.util.Arrays.stream(dirty).map(Long::bitCount).sum(), "pages written since the log started");
        src.savePass(dirty, 2, stream::add);
        assertEquals(0, java.util.Arrays.stream(log.take()).map(Long::bitCount).sum(), "a take clears the log");
        long zeroed = stream.stream().filter(x -> Integer.valueOf(2).equals(x.rawValue("pass"))).mapToLong(GuestRam::zeroedIn).sum();
        assertEquals(1, zeroed, "the zeroed page is sent as zero, without data");
        dst.writeBE64(0x7000, 0x7777); // anything before the load goes
        for (Section x : stream) dst.loadState(x);
        dst.postLoad();
        assertEquals(0x1112, dst.readBE64(0x1000));
        assertEquals(0, dst.readBE64(0x5000));
        assertEquals(0x2222, dst.readBE64(0x20_0000));
        assertEquals(0x3333, dst.readBE64(0x30_0000));
        assertEquals(0, dst.readBE64(0x7000));
        src.close();
        dst.close();
    }

    @Test
    void passesLoadInOrderOnly() throws Exception {
        GuestRam src = new GuestRam(SIZE), dst = new GuestRam(SIZE);
        src.writeBE64(0x1000, 1);
        List<Section> one = new ArrayList<>(), two = new ArrayList<>();
        src.savePass(null, 1, one::add);
        src.savePass(null, 2, two::add);
        StateException e = assertThrows(StateException.class, () -> dst.loadState(two.get(0)));
        assertTrue(e.getMessage().contains("a section before the first one"), e.getMessage());
        dst.loadState(one.get(0));
        dst.loadState(two.get(0));
        e = assertThrows(StateException.class, () -> dst.loadState(one.get(0)));
        assertEquals("section ram: field pass = 1 is out of order (pass 2 was loaded before)", e.getMessage());
        src.close();
        dst.close();
    }

    @Test
    void aVersionOneSectionStillLoads() throws Exception {
        GuestRam dst = new GuestRam(SIZE);
        byte[] page = new byte[Page.SIZE];
        page[7] = 42;
        Section v1 = new Section(GuestRam.STATE_NAME, 0, 1).i64("size", SIZE).i32("first", 0).longs("present", new long[] {2, 0, 0, 0})
                .bytes("data", page);
        dst.loadState(v1);
        dst.postLoad();
        assertEquals(42, dst.readU8(0x1007));
        dst.close();
    }
}
