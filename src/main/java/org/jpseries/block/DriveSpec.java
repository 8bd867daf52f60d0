package org.jpseries.block;

import java.nio.file.Path;

/**
 * A drive as the command line describes it, before anything is opened: one {@code -drive}, or a
 * {@code -blockdev} raw node with its file node (or a file node alone). {@link BlockBackend#open}
 * opens it when the machine starts.
 *
 * @param id          what {@code -device ...,drive=ID} names: the -drive id (QEMU's default
 *                    "virtio0", "none0"...), or the node-name of the -blockdev node
 * @param file        the image file or host block device
 * @param iface       {@code if=}: "virtio" (the machine adds a virtio-blk device) or "none" (a
 *                    device attaches it by id); "none" for -blockdev
 * @param readOnly    opened O_RDONLY and writes refused (readonly=on, "read-only": true)
 * @param cache       cache=, cache.direct, cache.no-flush ({@link CacheMode})
 * @param discard     discard=unmap: guest discards punch holes; false: discard=ignore
 * @param locking     file.locking / locking: off, or on/auto (QEMU's auto is on where OFD
 *                    locks exist, as on every Linux)
 * @param formatGiven format=raw / driver=raw, or a -blockdev file node; false: QEMU probes the
 *                    format (jpseries refuses what is not raw, warns, and guards block 0)
 * @param origin      the option as written ("-drive file=...", "-blockdev {...}"), for messages
 */
public record DriveSpec(
        String id,
        Path file,
        String iface,
        boolean readOnly,
        CacheMode cache,
        boolean discard,
        boolean locking,
        boolean formatGiven,
        String origin) {

    public static final String IF_VIRTIO = "virtio", IF_NONE = "none";
}
