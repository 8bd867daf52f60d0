package org.jpseries.spapr;

import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * Hypervisor-owned state that hypercalls shape and the CPU side reads (the parts of LPCR the
 * guest controls through H_SET_MODE, QEMU's spapr_set_all_lpcrs), plus the process-table
 * registration. Fields are volatile: hcalls run on any vCPU thread and the CPU side reads them
 * when it delivers an interrupt. Section "spapr-partition" (QEMU keeps these in every CPU's
 * LPCR and in the spapr subsection "spapr_patb_entry"); reset with the partition MMU.
 */
public final class PlatformState implements Device {
    /** LPCR[ILE]: interrupts are taken in little-endian mode (H_SET_MODE resource 4). */
    @Role(kind = Role.Kind.STATE, value = "ile")
    public volatile boolean interruptLittleEndian;
    /** LPCR[AIL]: alternate interrupt location, 0 or 3 (H_SET_MODE resource 3; 2 on pre-ISA3.1 too). */
    @Role(kind = Role.Kind.STATE)
    public volatile int ail;
    /**
     * The partition-table entry's second doubleword as H_REGISTER_PROC_TBL set it (QEMU's
     * patb_entry): 0 after reset; radix: GR | process table base | size; hash: the segment-table
     * fields (0 for hash with an SLB).
     */
    @Role(kind = Role.Kind.STATE, value = "patb-entry")
    public volatile long processTableEntry;
    /** LPCR[HR], [UPRT] and [GTSE] as the last H_REGISTER_PROC_TBL asked for (QEMU spapr_set_all_lpcrs). */
    @Role(kind = Role.Kind.STATE, value = "hr")
    public volatile boolean hostRadix;
    @Role(kind = Role.Kind.STATE, value = "uprt")
    public volatile boolean useProcessTable;
    @Role(kind = Role.Kind.STATE, value = "gtse")
    public volatile boolean guestTranslationShootdown;


    /** The guest registered a radix process table: its vCPUs translate with the radix tree. */
    public boolean radix() {
        return hostRadix;
    }

    private static final DeviceId ID = DeviceId.of("spapr-partition", 1, ResetPhase.MMU);

    @Override
    public DeviceId id() {
        return ID;
    }

    /** The partition's MMU state back to none registered (step 5 of the machine reset). */
    @Override
    public void reset(ResetReason why) {
        interruptLittleEndian = false;
        ail = 0;
        processTableEntry = 0;
        hostRadix = useProcessTable = guestTranslationShootdown = false;
    }

    @Override
    public void saveState(Consumer<Section> out) {
        out.accept(newSection().bool("ile", interruptLittleEndian).i32("ail", ail).i64("patb-entry", processTableEntry)
                .bool("hr", hostRadix).bool("uprt", useProcessTable).bool("gtse", guestTranslationShootdown));
    }

    @Override
    public void loadState(Section s) throws StateException {
        interruptLittleEndian = s.bool("ile");
        ail = s.i32("ail", 0, 3);
        processTableEntry = s.i64("patb-entry");
        hostRadix = s.bool("hr");
        useProcessTable = s.bool("uprt");
        guestTranslationShootdown = s.bool("gtse");
    }
}
