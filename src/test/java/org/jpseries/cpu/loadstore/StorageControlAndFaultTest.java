package org.jpseries.cpu.loadstore;

import static org.jpseries.cpu.loadstore.Asm.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpseries.cpu.arch.Interrupt;
import org.jpseries.memory.Page;
import org.junit.jupiter.api.Test;

/** dcbz and the no-op cache/barrier instructions; faulting accesses change no register or byte. */
class StorageControlAndFaultTest {
    @Test
    void dcbzZeroesTheAligned128ByteBlock() {
        Rig r = Rig.le();
        r.pattern(Rig.DATA, 0x400, 0x33);
        byte[] before = r.peek(Rig.DATA, 0x400);
        r.cpu.gpr[3] = Rig.DATA + 0x100;
        r.cpu.gpr[4] = 0x85; // EA = DATA+0x185, in the block DATA+0x180..0x1ff
        r.emit(dcbz(3, 4));
        assertTrue(r.run());
        byte[] want = before.clone();
        for (int k = 0x180; k < 0x200; k++) want[k] = 0;
        assertArrayEquals(want, r.peek(Rig.DATA, 0x400));
    }

    @Test
    void dcbzOnReadOnlyOrUnmappedFaultsLikeAStore() {
        for (long ea : new long[] {Rig.READ_ONLY + 0x10, Rig.UNMAPPED + 0x10}) {
            Rig r = Rig.le();
            r.cpu.gpr[3] = ea;
            r.emit(dcbz(0, 3));
            r.run();
            assertNotNull(r.interrupt);
            assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind);
        }
    }

    @Test
    void hintsAndBarriersDoNothingEvenOnUnmappedAddresses() {
        Rig r = Rig.le();
        r.cpu.gpr[3] = Rig.UNMAPPED;
        long[] before = r.cpu.gpr.clone();
        r.emit(dcbt(0, 3), dcbtst(0, 3), sync(0), sync(1), sync(2), EIEIO);
        assertTrue(r.run(), "fault " + r.interrupt);
        assertArrayEquals(before, r.cpu.gpr);
    }

    /** As qemu-ppc64le: the data-stream hints and cpabort (ISA 3.0) are no-ops; dcba, icbt, copy, paste. are illegal. */
    @Test
    void supplementHintsAndIllegalCacheInstructions() {
        int dssall = 0x7e00066c, dst = 0x7c0322ac, dstst = 0x7c0322ec, cpabort = 0x7c00068c;
        int dcba = 0x7c0325ec, icbt = 0x7c03202c, copy = 0x7c23260c, paste = 0x7c23270d;
        Rig r = new Rig(org.jpseries.cpu.CpuModel.POWER9, true);
        r.cpu.gpr[3] = Rig.UNMAPPED;
        r.emit(dssall, dst, dstst, cpabort);
        assertTrue(r.run(), "fault " + r.interrupt);
        r = new Rig(org.jpseries.cpu.CpuModel.POWER8, true);
        r.emit(cpabort);
        r.run();
        assertEquals(Interrupt.PROGRAM, r.interrupt.kind, "cpabort is ISA 3.0");
        for (int w : new int[] {dcba, icbt, copy, paste}) {
            r = Rig.le();
            r.cpu.gpr[3] = Rig.DATA;
            r.cpu.gpr[4] = 0;
            r.emit(w);
            r.run();
            assertEquals(Interrupt.PROGRAM, r.interrupt.kind, Integer.toHexString(w));
        }
    }

    @Test
    void flushAndIcbiFaultLikeLoadsOnUnmappedButNotOnReadOnly() {
        for (int w : new int[] {dcbf(0, 3), dcbst(0, 3), icbi(0, 3)}) {
            Rig r = Rig.le();
            r.cpu.gpr[3] = Rig.READ_ONLY + 0x40;
            r.emit(w);
            assertTrue(r.run(), "on a readable page: " + r.interrupt);
            r = Rig.le();
            r.cpu.gpr[3] = Rig.UNMAPPED + 0x40;
            r.emit(w);
            r.run();
            assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind);
        }
    }

    /** A load whose second page is unmapped, with update: neither RT nor RA change. */
    @Test
    void faultingLoadsLeaveRegistersUnchanged() {
        int[] loads = {ldu(4, 3, 0), lwzu(4, 3, 0), lhau(4, 3, 0), ldux(4, 3, 5), ld(4, 3, 0), lwa(4, 3, 0), ldbrx(4, 0, 3)};
        for (int w : loads) {
            Rig r = Rig.le();
            r.cpu.gpr[3] = Rig.UNMAPPED - 1; // last byte of the read-only page: the access crosses into nothing
            r.cpu.gpr[4] = 0x4444;
            r.cpu.gpr[5] = 0;
            r.emit(w);
            r.run();
            assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind, Integer.toHexString(w));
            assertEquals(Rig.UNMAPPED, r.interrupt.address, "the faulting byte");
            assertEquals(Rig.UNMAPPED - 1, r.cpu.gpr[3]);
            assertEquals(0x4444, r.cpu.gpr[4]);
            assertEquals(Rig.CODE, r.cpu.cia);
        }
    }

    /** A store whose second page is read-only writes no byte, and update forms leave RA. */
    @Test
    void faultingStoresWriteNothing() {
        int[] stores = {stdu(4, 3, 0), stwu(4, 3, 0), std(4, 3, 0), stdbrx(4, 0, 3), stq(4, 3, 0), stmw(20, 3, 0)};
        for (int w : stores) {
            Rig r = Rig.be();
            r.pattern(Rig.DATA + 2 * Page.SIZE, Page.SIZE, 0x12);
            long ea = Rig.READ_ONLY - 2;
            r.cpu.gpr[3] = ea;
            r.cpu.gpr[4] = -1;
            r.cpu.gpr[5] = -1;
            byte[] before = r.peek(ea - 16, 16);
            r.emit(w);
            r.run();
            assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind, Integer.toHexString(w));
            assertArrayEquals(before, r.peek(ea - 16, 16));
            assertEquals((byte) (0x12 + 7 * (Page.SIZE - 2)), r.peek(ea));
            assertEquals((byte) (0x12 + 7 * (Page.SIZE - 1)), r.peek(ea + 1));
            assertEquals(ea, r.cpu.gpr[3]);
        }
    }

    @Test
    void faultingMultipleAndStringLoadsLeaveAllRegisters() {
        int[] words = {lmw(10, 3, 0), lswi(10, 3, 24), lq(10, 3, 0)};
        for (int w : words) {
            Rig r = Rig.be();
            r.cpu.gpr[3] = Rig.UNMAPPED - 12; // the first units are readable, a later one is not
            for (int k = 4; k < 32; k++) r.cpu.gpr[k] = k;
            long[] before = r.cpu.gpr.clone();
            r.emit(w);
            r.run();
            assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind, Integer.toHexString(w));
            assertArrayEquals(before, r.cpu.gpr, Integer.toHexString(w));
        }
    }

    @Test
    void faultingStringStoreWritesNothing() {
        Rig r = Rig.be();
        r.cpu.gpr[3] = Rig.READ_ONLY - 5;
        r.cpu.xerCount = 9;
        r.cpu.gpr[4] = 0;
        byte[] before = r.peek(Rig.READ_ONLY - 5, 5);
        r.emit(stswx(10, 3, 4));
        r.run();
        assertEquals(Interrupt.DATA_STORAGE, r.interrupt.kind);
        assertArrayEquals(before, r.peek(Rig.READ_ONLY - 5, 5));
    }

    @Test
    void storesToAPageWithDecodedCodeTakeEffectOnTheNextExecution() {
        // A store over a later instruction of the running page (no icbi needed in our model).
        Rig r = Rig.le();
        r.cpu.gpr[3] = 0;
        r.cpu.gpr[5] = addi(7, 0, 42); // the new instruction, stored little-endian
        r.space.protect(Rig.CODE, Page.SIZE, Page.PROT_READ | Page.PROT_WRITE | Page.PROT_EXEC);
        r.cpu.gpr[6] = Rig.CODE + 8;
        r.emit(stw(5, 6, 0), icbi(0, 6), addi(7, 0, 1));
        assertTrue(r.run(), "fault " + r.interrupt);
        assertEquals(42, r.cpu.gpr[7]);
    }
}
