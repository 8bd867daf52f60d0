package org.jpseries.pci;

import static org.jpseries.pci.PciRegs.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;

/**
 * A PCI function for tests: a 4 KiB 32-bit BAR0, a 32-byte I/O BAR1, a 16 KiB 64-bit
 * prefetchable BAR2, INTA, one vendor capability with a writable word; every BAR access is
 * recorded. As a {@link Device} it saves its configuration space.
 */
public final class TestFunction extends PciDevice implements Device {
    /** Records accesses to one BAR; reads answer the low bytes of 0x1122334455667788. */
    public static final class Recorder implements PciRegion {
        public final List<String> log = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            log.add("r " + Long.toHexString(offset) + "/" + size);
            return 0x1122334455667788L >>> (64 - 8 * size);
        }

        @Override
        public void write(long offset, int size, long value) {
            log.add("w " + Long.toHexString(offset) + "/" + size + "=" + Long.toHexString(value));
        }
    }

    public final Recorder bar0 = new Recorder(), bar1 = new Recorder(), bar2 = new Recorder();
    public int resets;
    public final int cap;

    public TestFunction() {
        super("test-pci", 0x1af4, 0x1005, 1, 0x00ff00, 0x1af4, 4, 1);
        registerBar(new PciBar(0, 0x1000, 0, bar0));
        registerBar(new PciBar(1, 0x20, BAR_SPACE_IO, bar1));
        registerBar(new PciBar(2, 0x4000, BAR_MEM_TYPE_64 | BAR_MEM_PREFETCH, bar2));
        cap = addCapability(CAP_ID_VNDR, 16);
        setWritable(cap + 4, 4, 0xffffffffL);
    }

    @Override
    protected void resetDevice() {
        resets++;
    }

    public void irq(boolean level) {
        setIntx(level);
    }

    /** Raw access for tests that set read-only bits. */
    public void poke(int off, int value) {
        config[off] = (byte) value;
    }

    @Override
    public DeviceId id() {
        return new DeviceId("test-pci", devfn(), 1, 1, ResetPhase.DEVICES);
    }

    @Override
    public void reset(ResetReason why) {
        reset();
    }

    @Override
    public void saveState(Consumer<Section> out) {
        out.accept(saveConfig(newSection()));
    }

    @Override
    public void loadState(Section s) throws StateException {
        loadConfig(s);
    }
}
