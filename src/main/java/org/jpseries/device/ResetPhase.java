package org.jpseries.device;

/**
 * Where in the machine reset a device resets, in the numbered order of
 * {@code SpaprMachine.systemReset} (QEMU's spapr_machine_reset): devices first, then vCPUs, the
 * partition MMU, the CAS outcome with the compat PVR on every vCPU, and the interrupt
 * controllers last, so that an interrupt raised by a device during its reset latches in the
 * shared sources and reaches only the controller activated at the end.
 */
public enum ResetPhase {
    /** 3: platform devices (console, NVRAM, RTAS events). */
    DEVICES,
    /** 4: vCPUs and their hypervisor registrations (VPA, SLB shadow, DTL). */
    VCPUS,
    /** 5: the partition's MMU (HPT contents, process table, LPCR bits the hcalls set). */
    MMU,
    /** 6: the CAS outcome (forgotten; compat PVR back to max-cpu-compat). */
    CAS,
    /** 7: interrupt controllers (both reset, then the pre-CAS one active). */
    INTC,
    /** Not reset by the machine (RAM contents, the RTC offset, NVRAM: QEMU never resets them). */
    NONE
}
