package org.jpseries.spapr.rtas;

/**
 * The pseries NVRAM (QEMU hw/nvram/spapr_nvram.c): a byte array the guest reads and writes with
 * the nvram-fetch / nvram-store RTAS calls; /vdevice/nvram@71000001 advertises its "#bytes".
 * Linux keeps its partitions (e.g. the oops log) there. Contents survive a machine reset.
 */
public final class Nvram {
    public static final int DEFAULT_SIZE = 65536;
    public static final int DEFAULT_REG = 0x7100_0001;
    public static final int DEFAULT_IRQ = 0x1101;

    private final byte[] data;

    public Nvram(int size) {
        data = new byte[size];
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
}
