package org.jpseries.monitor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jpseries.host.Pty;

/**
 * The machine's named character devices, as query-chardev reports them (QEMU qapi/char.json
 * ChardevInfo: label, filename, frontend-open). Each device supplies its entry when asked, so a
 * socket's filename follows its connection state.
 */
public final class Chardevs {
    /** One query-chardev entry. */
    public record Info(String label, String filename, boolean frontendOpen) {}

    private final List<Supplier<Info>> devices = new CopyOnWriteArrayList<>();
    private final AtomicInteger compatMonitors = new AtomicInteger();

    public void add(Supplier<Info> device) {
        devices.add(device);
    }

    /** A pty chardev (QEMU char-pty.c: filename "pty:/dev/pts/N"); {@code frontend} says whether a device uses it. */
    public void addPty(String label, Pty pty, boolean frontend) {
        String filename = "pty:" + pty.slavePath();
        add(() -> new Info(label, filename, frontend));
    }

    /** The label QEMU gives the chardev of a -qmp monitor: compat_monitor0, 1, ... */
    String nextCompatLabel() {
        return "compat_monitor" + compatMonitors.getAndIncrement();
    }

    public List<Info> list() {
        return devices.stream().map(Supplier::get).toList();
    }
}
