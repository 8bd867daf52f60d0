package org.jpseries.memory;

/**
 * The exclusive sections that make atomic guest instructions atomic across vCPU threads:
 * larx/stcx. (Book II 4.4.2), the ISA 3.0 AMOs (4.5) and lqarx/stqcx., and the MMU's
 * reference/change updates of guest page tables.
 *
 * <p>The rule (who may write what, and how):
 * <ul>
 * <li>Plain guest loads and stores use plain array accesses; an aligned 1, 2, 4 or 8-byte access
 * is single-copy atomic on the host as Book II 1.4 requires of guest accesses.</li>
 * <li>Every read-modify-write of guest storage (a stcx.'s compare and store, an AMO's fetch and
 * store, both doublewords of lqarx and of stqcx., both elements of the two-element AMOs, an R/C
 * update) runs inside the section of the aligned quadword it touches ({@link #section}; two
 * sections are entered in {@link Section#index} order). Sections are keyed by the host storage
 * location (array and offset), not by the effective address, so they are partition-wide: two
 * vCPUs mapping one page at different addresses share them. Updates of one quadword are thus
 * serialised, and an lqarx never sees half of a stqcx.</li>
 * <li>A plain store of another vCPU is not excluded: one landing between an update's read and
 * its write is overwritten, which a value-based reservation cannot notice (a real reservation
 * would be lost). An update that leaves storage as it was stores nothing (a spinner's swap or
 * stcx. never overwrites the holder's releasing store), but one that changes other bytes of
 * the word can still lose such a store (Linux's powerpc qspinlock publishes its tail with
 * stwcx. while the holder may release the lock halfword with a plain store).</li>
 * </ul>
 * Java 25 has no atomic access to a byte array (byte-array view handles and heap segments of
 * byte arrays support only plain access), so the sections stand in for host compare-and-set.
 * Guest storage held in long arrays would allow real ones ({@code MemorySegment.ofArray(long[])}
 * with {@code ValueLayout.JAVA_INT}/{@code JAVA_LONG} handles supports compare-and-set and
 * get-and-add), which would also close the plain-store window above.
 * QEMU "exits to exclusive" in the same way where its host has no suitable atomic
 * (accel/tcg cpu_exec_step_atomic), stopping every other vCPU instead of one quadword's users.
 */
public final class StorageAtomics {
    private StorageAtomics() {}

    /**
     * Storage covered by one section: an aligned quadword, the widest unit one atomic instruction
     * updates (lqarx/stqcx.); a two-element AMO whose elements straddle two holds both.
     */
    public static final int GRANULE = 16;
    private static final int STRIPES = 256;
    private static final Section[] SECTIONS = new Section[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) SECTIONS[i] = new Section(i);
    }

    /** The monitor of an exclusive section; {@link #index} orders nested sections. */
    public static final class Section {
        public final int index;

        private Section(int index) {
            this.index = index;
        }
    }

    /**
     * The exclusive section of the quadword holding {@code data[off]}: synchronize on it. Two
     * sections must be entered in increasing {@link Section#index} order (they may be the same).
     */
    public static Section section(byte[] data, int off) {
        int h = System.identityHashCode(data) * 0x9E3779B1 + (off / GRANULE) * 0x85EBCA6B;
        return SECTIONS[(h ^ h >>> 16) & (STRIPES - 1)];
    }
}
