package org.jpseries.block;

/**
 * How a drive uses the host's page cache, with QEMU's meaning (block.c bdrv_parse_cache_mode,
 * the {@code cache=} table of qemu-options.hx):
 * <pre>
 *   cache=        direct  writethrough  no-flush
 *   writeback     off     off           off       (QEMU's default)
 *   writethrough  off     on            off
 *   none (off)    on      off           off
 *   directsync    on      on            off
 *   unsafe        off     off           on
 * </pre>
 * direct opens the image O_DIRECT (QEMU BDRV_O_NOCACHE); writethrough makes every write durable
 * before it completes, which jpseries does by opening the image O_DSYNC; no-flush makes a flush
 * do nothing (QEMU BDRV_O_NO_FLUSH, cache.no-flush).
 */
public record CacheMode(boolean direct, boolean writethrough, boolean noFlush) {
    public static final CacheMode WRITEBACK = new CacheMode(false, false, false);

    /** QEMU's words for a cache= value it does not know (blockdev.c drive_new). */
    public static final String INVALID = "invalid cache option";

    /** The mode a {@code cache=} name stands for, or null for an unknown name. */
    public static CacheMode parse(String name) {
        return switch (name) {
            case "writeback" -> WRITEBACK;
            case "writethrough" -> new CacheMode(false, true, false);
            case "none", "off" -> new CacheMode(true, false, false);
            case "directsync" -> new CacheMode(true, true, false);
            case "unsafe" -> new CacheMode(false, false, true);
            default -> null;
        };
    }

    public CacheMode withDirect(boolean d) {
        return new CacheMode(d, writethrough, noFlush);
    }

    public CacheMode withWritethrough(boolean w) {
        return new CacheMode(direct, w, noFlush);
    }

    public CacheMode withNoFlush(boolean n) {
        return new CacheMode(direct, writethrough, n);
    }

    /** The open(2) flags this mode adds (file-posix.c raw_parse_flags, plus O_DSYNC for writethrough). */
    int openFlags() {
        return (direct ? BlockLibc.O_DIRECT : 0) | (writethrough ? BlockLibc.O_DSYNC : 0);
    }

    /** QEMU's name for this mode ({@code info block}'s "Cache mode"), e.g. "writeback, direct". */
    public String describe() {
        StringBuilder s = new StringBuilder(writethrough ? "writethrough" : "writeback");
        if (direct) s.append(", direct");
        if (noFlush) s.append(", ignore flushes");
        return s.toString();
    }
}
