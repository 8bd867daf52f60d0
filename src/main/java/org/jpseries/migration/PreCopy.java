package org.jpseries.migration;

import java.io.IOException;
import java.util.function.IntConsumer;
import org.jpseries.device.DeviceRegistry;
import org.jpseries.memory.DirtyLog;
import org.jpseries.memory.GuestRam;
import org.jpseries.memory.Page;
import org.jpseries.state.Section;
import org.jpseries.state.stream.StreamWriter;

/**
 * One outgoing pre-copy migration (QEMU migration/migration.c migration_thread and
 * migration/ram.c ram_save_iterate): the "machine" header, then RAM in passes while the guest
 * runs (pass 1 all of it, each later pass the pages written during the previous one, from the
 * RAM's {@link DirtyLog}), until what is left can be sent within downtime-limit at the rate the
 * link achieved; then, with the vCPUs stopped, the pages still dirty, every other device's
 * sections (the hash page table whole, with the R/C bits the MMU set), "globalstate" and the
 * end record ({@link MachineStream} has the layout), and
 * on tcp:/unix: the destination's answer ({@link ReturnPath}).
 *
 * <p>Threads: {@link #live} runs on the migration thread while the vCPUs run; {@link #complete}
 * and {@link #abandon} on the machine's control thread with the vCPUs stopped. The two never
 * overlap (the control thread's request is made at the end of the live phase).
 */
public final class PreCopy {
    /** What the migration needs of the machine's vCPUs. */
    public interface Vcpus {
        /**
         * Every vCPU drops its write translations; returns once each has (or is outside guest
         * code and will before its next instruction). A store after this marks the dirty log.
         */
        void dropWriteTranslations();

        /** auto-converge: the vCPUs sleep {@code percent} of their time (0: not at all). */
        void throttle(int percent);
    }

    /** A cancel (migrate_cancel) stopped the live phase. */
    public static final class Cancelled extends Exception {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    private final DeviceRegistry devices;
    private final GuestRam ram;
    private final MigrationChannel channel;
    private final MigrationStatus status;
    private final Vcpus vcpus;
    private final IntConsumer passStarted;
    private final StreamWriter writer;
    private final RateLimiter limiter;
    private long[] pending;
    private int pass;
    private long normalPages, zeroPages;
    private int dirtyHighCount;

    /**
     * @param passStarted told the number of each RAM pass as it starts (MIGRATION_PASS)
     */
    public PreCopy(DeviceRegistry devices, GuestRam ram, MigrationChannel channel, MigrationStatus status, Vcpus vcpus,
            IntConsumer passStarted) {
        this.devices = devices;
        this.ram = ram;
        this.channel = channel;
        this.status = status;
        this.vcpus = vcpus;
        this.passStarted = passStarted;
        this.writer = new StreamWriter(channel.out());
        this.limiter = new RateLimiter(status.parameters());
    }

    /**
     * The live phase: writes the header and RAM passes until the rest fits the downtime limit.
     * Returns when the caller should stop the vCPUs and {@link #complete}.
     *
     * @throws Cancelled when migrate_cancel asked (the caller then {@link #abandon}s)
     */
    public void live(Section header) throws IOException, InterruptedException, Cancelled {
        DirtyLog log = ram.dirtyLog();
        writer.write(header);
        log.start();
        vcpus.dropWriteTranslations(); // from here on every write marks its page
        status.setupDone();
        startPass(1, ram.size(), 0, 0, 0);
        long passStart = System.nanoTime(), bytesBefore = writer.bytesWritten();
        sendPass(null, 1, true);
        while (true) {
            long[] dirty = log.take();
            vcpus.dropWriteTranslations();
            long dirtyPages = DirtyLog.count(dirty);
            long passMs = Math.max(1, (System.nanoTime() - passStart) / 1_000_000);
            long passBytes = writer.bytesWritten() - bytesBefore;
            long bytesPerSecond = Math.max(1, passBytes * 1000 / passMs);
            long remaining = dirtyPages * Page.SIZE;
            long dirtyRate = dirtyPages * 1000 / passMs, mbps = bytesPerSecond * 8 / 1_000_000;
            long expectedDowntime = remaining * 1000 / bytesPerSecond;
            pending = dirty;
            if (status.cancelRequested()) throw new Cancelled();
            // QEMU migration_iteration_run: switch over once what is left fits the downtime limit
            if (remaining * 1000 <= bytesPerSecond * status.parameters().downtimeLimit()) { // exact: a 0 ms limit waits for 0 pages
                status.pass(pass, remaining, dirtyRate, mbps, expectedDowntime);
                return;
            }
            autoConverge(remaining, passBytes);
            startPass(pass + 1, remaining, dirtyRate, mbps, expectedDowntime);
            passStart = System.nanoTime();
            bytesBefore = writer.bytesWritten();
            sendPass(dirty, pass, true);
            pending = null;
        }
    }

    /**
     * The stopped phase, on the control thread: the pages still dirty, every other device,
     * the end record; then the destination's answer where the transport has a return path.
     *
     * @throws IOException when the stream cannot be written or the destination refused it
     */
    public void complete(Section globalState) throws IOException, InterruptedException {
        devices.quiesce(); // a device request finishing now writes RAM: before the last pass is taken
        DirtyLog log = ram.dirtyLog();
        long[] last = log.take();
        log.stop();
        vcpus.throttle(0);
        if (pending != null) {
            for (int i = 0; i < last.length; i++) last[i] |= pending[i];
        }
        startPass(pass + 1, DirtyLog.count(last) * Page.SIZE, status.dirtyPagesRate(), status.mbps(), status.expectedDowntime()); // QEMU's last sync counts too
        sendPass(last, pass, false);
        writeEach(out -> devices.save(out, d -> d != ram), s -> { // RAM went in the passes
            writer.write(s);
            status.progress(writer.bytesWritten());
        });
        writer.write(globalState);
        writer.finish();
        channel.out().flush();
        status.progress(writer.bytesWritten());
        status.ramSent(normalPages, zeroPages, 0);
        if (channel.back() != null) {
            String refusal = ReturnPath.await(channel.back());
            if (refusal != null) throw new IOException("the destination refused the stream: " + refusal);
        }
        channel.close();
    }

    /** After a failure or a cancel: no more logging or throttling, the channel closed. */
    public void abandon() {
        ram.dirtyLog().stop();
        vcpus.throttle(0);
        try {
            channel.close();
        } catch (IOException e) {
            // the migration has failed already; its reason is reported
        }
    }

    /**
     * Why a stream write failed, as the destination says it on the return path (it refuses and
     * closes, so the source's next write fails), or null if it did not say.
     */
    public String destinationRefusal() {
        if (channel.back() == null) return null;
        try {
            return ReturnPath.await(channel.back());
        } catch (IOException e) {
            return null;
        }
    }

    private void startPass(int n, long remaining, long dirtyRate, long mbps, long expectedDowntime) {
        pass = n;
        status.pass(n, remaining, dirtyRate, mbps, expectedDowntime);
        passStarted.accept(n);
    }

    /** Sends pass {@link #pass} of {@code which} (null: all of RAM), paced when {@code live}. */
    private void sendPass(long[] which, int n, boolean live) throws IOException, InterruptedException {
        long toSend = which == null ? ram.size() / Page.SIZE : DirtyLog.count(which);
        long[] done = new long[1];
        writeEach(out -> ram.savePass(which, n, out), s -> {
            long before = writer.bytesWritten();
            writer.write(s);
            long pages = GuestRam.pagesIn(s), zeros = GuestRam.zeroedIn(s);
            normalPages += pages;
            zeroPages += zeros;
            done[0] += pages + zeros;
            status.progress(writer.bytesWritten());
            status.ramSent(normalPages, zeroPages, Math.max(0, toSend - done[0]) * Page.SIZE);
            if (live) limiter.sent(writer.bytesWritten() - before);
        });
        if (which == null) { // a whole pass leaves zero pages out of its sections: they count as QEMU's duplicate pages
            zeroPages += toSend - done[0];
            status.ramSent(normalPages, zeroPages, 0);
        }
    }

    /** What is done with each section a producer hands over; it may fail as a stream write does. */
    @FunctionalInterface
    private interface SectionWrite {
        void write(Section s) throws IOException, InterruptedException;
    }

    /**
     * Hands every section {@code producer} makes (a device's saveState takes a plain Consumer) to
     * {@code action}; after the first failure the rest are skipped and the failure is thrown here.
     */
    private static void writeEach(java.util.function.Consumer<java.util.function.Consumer<Section>> producer, SectionWrite action)
            throws IOException, InterruptedException {
        Exception[] failure = new Exception[1];
        producer.accept(s -> {
            if (failure[0] != null) return;
            try {
                action.write(s);
            } catch (IOException | InterruptedException e) {
                failure[0] = e;
            }
        });
        if (failure[0] instanceof IOException e) throw e;
        if (failure[0] instanceof InterruptedException e) throw e;
    }

    /**
     * auto-converge (QEMU migration/ram.c migration_trigger_throttle, mig_throttle_guest_down):
     * when the bytes dirtied during a pass exceed throttle-trigger-threshold percent of those
     * sent in it, for the second time, the vCPUs are throttled: cpu-throttle-initial percent
     * first, then cpu-throttle-increment more each time, up to max-cpu-throttle.
     */
    private void autoConverge(long dirtiedBytes, long sentBytes) {
        if (!status.capability(MigrationStatus.Capability.AUTO_CONVERGE)) return;
        MigrationParameters p = status.parameters();
        if (dirtiedBytes * 100 <= sentBytes * p.throttleTriggerThreshold() || ++dirtyHighCount < 2) return;
        dirtyHighCount = 0;
        int now = status.throttlePercent();
        int next = Math.min(p.maxCpuThrottle(), now == 0 ? p.throttleInitial() : now + p.throttleIncrement());
        status.throttle(next);
        vcpus.throttle(next);
    }
}
