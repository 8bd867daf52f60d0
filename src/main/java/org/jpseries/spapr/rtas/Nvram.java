package org.jpseries.spapr.rtas;

import java.util.function.Consumer;
import org.jpseries.device.Device;
import org.jpseries.device.DeviceId;
import org.jpseries.device.ResetPhase;
import org.jpseries.device.ResetReason;
import org.jpseries.spapr.devtree.Node;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.papr.Rtas;
import org.jpseries.papr.RtasCall;
import org.jpseries.papr.RtasTokens;

/**
 * The pseries NVRAM (QEMU hw/nvram/spapr_nvram.c): a byte array the guest reads and writes with
 * the nvram-fetch / nvram-store RTAS calls; /vdevice/nvram@71000001 advertises its "#bytes".
 * Linux keeps its partitions (e.g. the oops log) there. Contents survive a machine reset.
 * Section "nvram" (QEMU's vmstate "spapr_nvram": the size and the contents).
 */
public final class Nvram implements Device {
    public static final int DEFAULT_SIZE = 65536;
    public static final int DEFAULT_REG = 0x7100_0001;
    public static final int DEFAULT_IRQ = 0x1101;

    @Role(kind = Role.Kind.STATE)
    private final byte[] data;
    @Role(kind = Role.Kind.CONFIG, why = "the VIO unit address, fixed at creation")
    private final int reg;
    @Role(kind = Role.Kind.CONFIG, why = "the interrupt number it claimed")
    private final int irq;

    /** @param line its interrupt (named in the tree; the device never raises it, as QEMU's) */
    public Nvram(int size, int reg, org.jpseries.intc.IrqLine line) {
        data = new byte[size];
        this.reg = reg;
        this.irq = line.number();
    }

    public int size() {
        return data.length;
    }

    public void register(Rtas rtas) {
        rtas.register(RtasTokens.NVRAM_FETCH, "nvram-fetch", this::fetch);
        rtas.register(RtasTokens.NVRAM_STORE, "nvram-store", this::store);
    }

    /** nvram-fetch(offset, buffer, length) -> status, bytes transferred. */
    void fetch(RtasCall c) {
        transfer(c, true);
    }

    /** nvram-store(offset, buffer, length) -> status, bytes transferred. */
    void store(RtasCall c) {
        transfer(c, false);
    }

    /** Both calls: checks the range in NVRAM and guest RAM, then copies NVRAM to the buffer or back. */
    private void transfer(RtasCall c, boolean toGuest) {
        if (!c.expect(3, 2)) return;
        long off = c.arg(0), buf = c.arg(1), len = c.arg(2);
        if (off >= data.length || len > data.length - off || !c.ram().contains(buf, len)) {
            c.paramError();
            return;
        }
        synchronized (data) {
            if (toGuest) c.ram().write(buf, data, (int) off, (int) len);
            else c.ram().read(buf, data, (int) off, (int) len);
        }
        c.ret(0, Rtas.OUT_SUCCESS);
        c.ret(1, (int) len);
    }

    // ---- Device -------------------------------------------------------------------------------

    private static final DeviceId ID = DeviceId.of("nvram", 1, ResetPhase.NONE);

    @Override
    public DeviceId id() {
        return ID;
    }

    @Override
    public void reset(ResetReason why) {
        // NVRAM contents are the guest's and survive every reset (QEMU never clears them).
    }

    /** /vdevice/nvram@71000001 (QEMU spapr_nvram_devnode). */
    @Override
    public void buildTree(Node root) {
        root.find("/vdevice").add(String.format("nvram@%x", reg)).setCells("reg", reg).setString("device_type", "nvram")
                .setString("compatible", "qemu,spapr-nvram").setCells("interrupts", irq, 0).setCells("#bytes", data.length);
    }

    @Override
    public void saveState(Consumer<Section> out) {
        synchronized (data) {
            out.accept(newSection().bytes("data", data));
        }
    }

    @Override
    public void loadState(Section s) throws StateException {
        synchronized (data) {
            s.bytesInto("data", data);
        }
    }
}
