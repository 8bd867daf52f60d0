package org.jpseries.spapr;

import java.util.Locale;

/**
 * What the machine does when the guest reboots, shuts down or panics: QEMU's {@code -action}
 * (qapi/run-state.json RebootAction, ShutdownAction, PanicAction, WatchdogAction;
 * softmmu/runstate-action.c), with QEMU 7.2's defaults reboot=reset, shutdown=poweroff,
 * panic=shutdown, watchdog=reset. {@code -no-reboot} is reboot=shutdown and {@code -no-shutdown}
 * is shutdown=pause (qemu-options.hx). How each plays out is {@link SpaprMachine}'s (QEMU
 * softmmu/runstate.c: qemu_system_reset_request, qemu_system_guest_panicked,
 * main_loop_should_exit). The pseries machine has no watchdog device, so that action is parsed
 * and checked as QEMU does but never taken.
 */
public record Actions(Reboot reboot, Shutdown shutdown, Panic panic, Watchdog watchdog) {
    /** QEMU's defaults. */
    public static final Actions DEFAULT = new Actions(Reboot.RESET, Shutdown.POWEROFF, Panic.SHUTDOWN, Watchdog.RESET);

    /** A guest reboot: reset the machine, or end the run as a shutdown (reason guest-reset). */
    public enum Reboot { RESET, SHUTDOWN }

    /** A shutdown: end the run (poweroff), or stop in run state "shutdown" (pause). */
    public enum Shutdown { POWEROFF, PAUSE }

    /**
     * A guest panic (RTAS ibm,os-term; a checkstop): stop in "guest-panicked" (pause), end the
     * run with exit status 0 (shutdown) or 1 (exit-failure), or let the guest run on (none).
     */
    public enum Panic { PAUSE, SHUTDOWN, EXIT_FAILURE, NONE }

    /** A watchdog expiry (no pseries watchdog device exists here). */
    public enum Watchdog { RESET, SHUTDOWN, POWEROFF, INJECT_NMI, PAUSE, DEBUG, NONE }

    /** The QAPI spelling of an action (lower case, '-' for '_'). */
    public static String qapiName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * These actions with {@code key=value} from one -action item. Errors are QEMU's
     * (qobject input visitor): "Invalid parameter 'x'", "Parameter 'panic' does not accept value 'y'".
     */
    public Actions with(String key, String value) {
        return switch (key) {
            case "reboot" -> new Actions(parse(Reboot.class, key, value), shutdown, panic, watchdog);
            case "shutdown" -> new Actions(reboot, parse(Shutdown.class, key, value), panic, watchdog);
            case "panic" -> new Actions(reboot, shutdown, parse(Panic.class, key, value), watchdog);
            case "watchdog" -> new Actions(reboot, shutdown, panic, parse(Watchdog.class, key, value));
            default -> throw new IllegalArgumentException("Invalid parameter '" + key + "'");
        };
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E e : type.getEnumConstants()) {
            if (qapiName(e).equals(value)) return e;
        }
        throw new IllegalArgumentException("Parameter '" + key + "' does not accept value '" + value + "'");
    }
}
