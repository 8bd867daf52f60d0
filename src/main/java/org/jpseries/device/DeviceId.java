package org.jpseries.device;

/**
 * A device's identity in one place: its section name and instance in a state stream, the
 * version it writes and the oldest it loads, and the step of the machine reset it resets in.
 */
public record DeviceId(String name, int instance, int version, int minVersion, ResetPhase phase) {
    /** Instance 0, loading only its own version. */
    public static DeviceId of(String name, int version, ResetPhase phase) {
        return new DeviceId(name, 0, version, version, phase);
    }

    /** The same device kind as instance {@code n} (the vCPU or server number). */
    public DeviceId instance(int n) {
        return new DeviceId(name, n, version, minVersion, phase);
    }
}
