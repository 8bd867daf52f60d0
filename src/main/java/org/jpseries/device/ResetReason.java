package org.jpseries.device;

/** Why the machine resets (QEMU's ShutdownCause for a reset): devices may keep state across some. */
public enum ResetReason {
    /** Power-on: the first reset of a machine just built. */
    COLD,
    /** The host asked: QMP/HMP system_reset. */
    HOST,
    /** The guest asked: RTAS system-reboot (Linux's reboot). */
    GUEST
}
