package org.jpseries.spapr.rtas;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * The partition's real-time clock (QEMU hw/ppc/spapr_rtc.c): the host clock plus the offset the
 * guest set with set-time-of-day. Only the offset is state (QEMU's vmstate "spapr/rtc",
 * ns_offset): after a restore the guest's time of day follows the host clock of the destination
 * with the guest's own offset. Never reset.
 */
public final class Rtc implements Device {
    @Role(kind = Role.Kind.WIRING, why = "the host clock")
    private final Clock clock;
    /** Guest RTC minus host clock, in nanoseconds. */
    @Role(kind = Role.Kind.STATE, value = "ns-offset")
    private volatile long offsetNanos;

    public Rtc(Clock clock) {
        this.clock = clock;
    }

    /** The guest's time of day (UTC). */
    public LocalDateTime now() {
        Instant t = clock.instant().plusNanos(offsetNanos);
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** set-time-of-day: the guest's clock reads {@code t} now. */
    public void set(LocalDateTime t) {
        Instant host = clock.instant();
        Instant guest = t.toInstant(ZoneOffset.UTC);
        offsetNanos = java.time.Duration.between(host, guest).toNanos();
    }

    private static final DeviceId ID = DeviceId.of("spapr-rtc", 1, ResetPhase.NONE);

    @Override
    public DeviceId id() {
        return ID;
    }

    /** The offset survives every reset (QEMU's spapr-rtc has no reset handler). */
    @Override
    public void reset(ResetReason why) {}

    @Override
    public void saveState(Consumer<Section> out) {
        out.accept(newSection().i64("ns-offset", offsetNanos));
    }

    @Override
    public void loadState(Section s) throws StateException {
        offsetNanos = s.i64("ns-offset");
    }
}
