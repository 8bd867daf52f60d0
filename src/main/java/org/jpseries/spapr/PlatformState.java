package org.jpseries.spapr;

/**
 * Hypervisor-owned state that hypercalls shape and the CPU side reads (the parts of LPCR the
 * guest controls through H_SET_MODE, QEMU's spapr_set_all_lpcrs), plus the process-table
 * registration. Fields are volatile: hcalls run on any vCPU thread and the CPU side reads them
 * when it delivers an interrupt.
 */
public final class PlatformState {
    /** LPCR[ILE]: interrupts are taken in little-endian mode (H_SET_MODE resource 4). */
    public volatile boolean interruptLittleEndian;
    /** LPCR[AIL]: alternate interrupt location, 0 or 3 (H_SET_MODE resource 3; 2 on pre-ISA3.1 too). */
    public volatile int ail;
    /**
     * The partition-table entry's second doubleword as H_REGISTER_PROC_TBL set it (QEMU's
     * patb_entry): 0 after reset; radix: GR | process table base | size; hash: the segment-table
     * fields (0 for hash with an SLB).
     */
    public volatile long processTableEntry;
    /** LPCR[HR], [UPRT] and [GTSE] as the last H_REGISTER_PROC_TBL asked for (QEMU spapr_set_all_lpcrs). */
    public volatile boolean hostRadix, useProcessTable, guestTranslationShootdown;

    public void reset() {
        interruptLittleEndian = false;
        ail = 0;
        processTableEntry = 0;
        hostRadix = useProcessTable = guestTranslationShootdown = false;
    }

    /** The guest registered a radix process table: its vCPUs translate with the radix tree. */
    public boolean radix() {
        return hostRadix;
    }
}
