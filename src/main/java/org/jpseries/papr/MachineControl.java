package org.jpseries.papr;

/** Requests the platform makes of the machine (implemented by the machine, e.g. the main loop). */
public interface MachineControl {
    /** RTAS power-off: stop all vCPUs and exit 0. */
    void requestPowerOff();

    /** RTAS system-reboot: a full machine reset (or exit with -no-reboot). */
    void requestReset();

    /** RTAS ibm,os-term: the guest panicked; {@code message} is its termination string. */
    void guestPanicked(String message);

    /** Client-interface "exit": the firmware client gave up; stop the VM. */
    void clientExit();
}
