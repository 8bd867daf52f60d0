package org.jpseries.memory;

/**
 * The exclusive sections that make atomic guest instructions atomic across vCPU threads:
 * larx/stcx. (Book II 4.4.2), the ISA 3.0 AMOs (4.5) and lqarx/stqcx., and the MMU's
 * reference/change updates of guest page tables.
 *
 * <p>The rule (who may write what, and how):
 * <ul>
 * <li>Plain guest loads and stores are plain accesses to the page's memory segment; an aligned
 * 1, 2, 4 or 8-byte access is single-copy atomic on the host as Book II 1.4 requires of guest
 * accesses.</li>
 * <li>Every read-modify-write of guest storage runs inside the section of the aligned quadword it
 * touches ({@link #section}; two sections are entered in {@link Section#index} order). Sections
 * are keyed by the host address of the storage, not by the effective address, so
 * they are partition-wide: two vCPUs mapping one page at different addresses share them.
 * Updates of one quadword are thus serialised, and an lqarx never sees half of a stqcx.</li>
 * <li>An update of one element (a stcx.'s store, a one-element AMO, an R/C update) is also a
 * host compare-and-set on the aligned word that holds it ({@code Mmu.compareAndSet}), retried
 * or failed when the word changed since it was read, so a plain store of another vCPU landing
 * between the read and the write is never lost (Linux's powerpc qspinlock publishes its tail
 * with stwcx. while the holder releases the lock halfword with a plain store).</li>
 * <li>The quadword and two-element updates (stqcx., the bounded fetch-and-increment forms, store
 * twin) write two doublewords inside the section with plain stores: the host has no 16-byte
 * compare-and-set, so a plain store of another vCPU to the same quadword between their read and
 * their write can still be overwritten. QEMU "exits to exclusive" for these where its host has no
 * suitable atomic (accel/tcg cpu_exec_step_atomic), stopping every other vCPU.</li>
 * </ul>
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
     * The exclusive section of the quadword holding the byte at host address {@code address}
     * ({@code Page.address} + offset): synchronize on it. Two sections must be entered in
     * increasing {@link Section#index} order (they may be the same).
     */
    public static Section section(long address) {
        long q = address / GRANULE;
        int h = (int) (q ^ q >>> 32) * 0x9E3779B1;
        return SECTIONS[(h ^ h >>> 16) & (STRIPES - 1)];
    }
}
