package org.jpseries.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpseries.block.CacheMode;
import org.jpseries.block.DriveSpec;
import org.jpseries.block.ImageFormat;

/**
 * The drives of a command line: {@code -drive} (QEMU blockdev.c drive_new, blockdev_init),
 * {@code -hda}..{@code -hdd} (refused), and libvirt's {@code -blockdev} ({@link Blockdev}),
 * checked as QEMU checks them, with QEMU's words where QEMU has a message. Files are not opened
 * here: {@code block.BlockBackend.open} opens each {@link DriveSpec} when the machine starts.
 */
final class DriveOptions {
    private final Map<String, DriveSpec> drives = new LinkedHashMap<>();
    private final Map<String, Integer> units = new HashMap<>();
    private final Blockdev blockdev = new Blockdev();

    /** Everything QEMU 7.2's -drive knows that jpseries does not do (blockdev.c qemu_common_drive_opts, qemu_legacy_drive_opts). */
    private static final Set<String> UNSUPPORTED = Set.of("snapshot", "index", "bus", "unit", "addr", "rerror", "werror", "copy-on-read",
            "detect-zeroes", "auto-read-only", "force-share", "throttling.group", "group", "bps", "bps_rd", "bps_wr", "iops", "iops_rd",
            "iops_wr", "iops_size", "stats-account-invalid", "stats-account-failed", "stats-intervals", "file.aio-max-batch",
            "file.drop-cache", "file.pr-manager", "file.x-check-cache-dropped");
    /** QEMU 7.2's protocol drivers besides file and host_device (qapi/block-core.json BlockdevDriver). */
    static final Set<String> PROTOCOLS = Set.of("ftp", "ftps", "gluster", "host_cdrom", "http", "https", "iscsi", "nbd", "nfs", "null-aio",
            "null-co", "nvme", "rbd", "ssh");
    /** QEMU 7.2's filter and other drivers (qapi/block-core.json BlockdevDriver). */
    static final Set<String> FILTERS = Set.of("blkdebug", "blklogwrites", "blkreplay", "blkverify", "compress", "copy-before-write",
            "copy-on-read", "preallocate", "quorum", "replication", "snapshot-access", "throttle");
    /** The bus types QEMU knows (blockdev.c if_name). */
    private static final Set<String> BUSES = Set.of("none", "ide", "scsi", "floppy", "pflash", "mtd", "sd", "virtio", "xen");

    /** -drive FILE... (one option). */
    void drive(String v, String opt) throws UsageException {
        String where = opt + " " + v;
        Map<String, String> o = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : QemuOpts.parse(v, null)) {
            o.remove(e.getKey()); // the last one counts, in its place
            o.put(e.getKey(), e.getValue());
        }
        String id = o.remove("id");
        if (id != null && !QemuOpts.wellFormed(id)) {
            throw new UsageException(where + ": Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.");
        }
        boolean readOnly = false;
        for (String k : new String[] {"readonly", "read-only"}) {
            String r = o.remove(k);
            if (r == null) continue;
            Boolean b = QemuOpts.bool(r);
            if (b == null) throw new UsageException(where + ": Parameter 'read-only' expects 'on' or 'off'");
            readOnly = b;
        }
        CacheMode cache = CacheMode.WRITEBACK;
        String c = o.remove("cache");
        if (c != null) {
            cache = CacheMode.parse(c);
            if (cache == null) throw new UsageException(where + ": " + CacheMode.INVALID);
        }
        // the specific options take precedence over cache= (drive_new)
        Boolean direct = bool(o.remove("cache.direct"), "cache.direct", where);
        Boolean noFlush = bool(o.remove("cache.no-flush"), "cache.no-flush", where);
        Boolean writeback = bool(o.remove("cache.writeback"), "cache.writeback", where);
        if (direct != null) cache = cache.withDirect(direct);
        if (noFlush != null) cache = cache.withNoFlush(noFlush);
        if (writeback != null) cache = cache.withWritethrough(!writeback);

        String iface = o.remove("if");
        if (iface != null && !BUSES.contains(iface)) throw new UsageException(where + ": unsupported bus type '" + iface + "'");
        String media = o.remove("media");
        if (media != null && !media.equals("disk")) {
            if (!media.equals("cdrom")) throw new UsageException(where + ": '" + media + "' invalid media");
            throw new UsageException(where + ": media=cdrom is not supported: jpseries' drives are virtio-blk disks (media=disk)");
        }
        boolean discard = false;
        String d = o.remove("discard");
        if (d != null) {
            discard = switch (d) { // block.c bdrv_parse_discard_flags
                case "off", "ignore" -> false;
                case "on", "unmap" -> true;
                default -> throw new UsageException(where + ": Invalid discard option");
            };
        }
        aio(o.remove("aio"), cache, where, "invalid aio option");
        aio(o.remove("file.aio"), cache, where, "invalid parameter value: ");
        boolean locking = true;
        String l = o.remove("file.locking");
        if (l != null) {
            if (!Set.of("on", "off", "auto").contains(l)) throw new UsageException(where + ": invalid parameter value: " + l);
            locking = !l.equals("off");
        }
        String format = o.remove("format"), driver = o.remove("driver");
        if (format != null && driver != null) throw new UsageException(where + ": Cannot specify both 'driver' and 'format'");
        if (format == null) format = driver;
        String file = o.remove("file"), filename = o.remove("file.filename");
        if (file != null && filename != null) throw new UsageException(where + ": Can't specify 'file' and 'filename' options at the same time");
        if (file == null) file = filename;
        String protocol = o.remove("file.driver");
        if (protocol != null && !protocol.equals("file") && !protocol.equals("host_device")) {
            if (!PROTOCOLS.contains(protocol) && !FILTERS.contains(protocol) && !ImageFormat.FORMATS.contains(protocol)) {
                throw new UsageException(where + ": Unknown driver '" + protocol + "'");
            }
            throw new UsageException(where + ": file.driver=" + protocol + " is not supported: jpseries opens host files and block devices (file, host_device)");
        }
        for (String k : o.keySet()) {
            if (UNSUPPORTED.contains(k) || k.startsWith("throttling.") || k.startsWith("stats-intervals.")) {
                throw new UsageException(where + ": '" + k + "' is not supported by jpseries yet");
            }
            if (k.startsWith("file.")) throw new UsageException(where + ": Block protocol 'file' doesn't support the option '" + k.substring(5) + "'");
            throw new UsageException(where + ": Block format '" + (format == null ? "raw" : format) + "' does not support the option '" + k + "'");
        }
        if (format != null && !format.equals("raw") && !format.equals("file")) {
            if (!ImageFormat.FORMATS.contains(format) && !PROTOCOLS.contains(format) && !FILTERS.contains(format)) {
                throw new UsageException(where + ": Unknown driver '" + format + "'");
            }
            throw new UsageException(where + ": " + ImageFormat.rawOnly("format=" + format + " is not supported", file == null ? "FILE" : file));
        }
        if (file == null || file.isEmpty()) {
            if (format != null || iface == null || !iface.equals(DriveSpec.IF_NONE)) {
                throw new UsageException(where + ": A block device must be specified for \"file\"");
            }
            throw new UsageException(where + ": an empty drive (no file=) is not supported: jpseries has no removable media");
        }
        if (iface == null) {
            throw new UsageException(where + ": " + scsi("a -drive without if= is a disk on"
                    , "if=virtio"));
        }
        switch (iface) {
            case "virtio", "none" -> { }
            case "scsi" -> throw new UsageException(where + ": " + scsi("if=scsi is a disk on", "if=virtio"));
            case "pflash" -> throw new UsageException(where + ": if=pflash is the pseries NVRAM's backing file in QEMU (spapr-nvram); "
                    + "jpseries keeps the NVRAM in memory only");
            default -> throw new UsageException(where + ": machine type does not support if=" + iface + ",bus=0,unit=0");
        }
        int unit = units.merge(iface, 1, Integer::sum) - 1;
        if (id == null) id = iface + unit; // drive_new: if_name, then the unit (virtio and none have no buses)
        if (drives.containsKey(id)) throw new UsageException(where + ": Duplicate ID '" + id + "' for drive");
        drives.put(id, new DriveSpec(id, Path.of(file), iface, readOnly, cache, discard, locking, format != null, where));
    }

    /** -hda..-hdd FILE: QEMU's IDE/SCSI disk by index, on pseries a disk on spapr-vscsi. */
    void hd(String file, String opt) throws UsageException {
        throw new UsageException(opt + " " + file + ": " + scsi("on pseries " + opt + " is a disk on",
                "-drive file=" + file + ",format=raw,if=virtio"));
    }

    /** The refusal of what QEMU's pseries puts on its SCSI adapter (hw/ppc/spapr.c: spapr_vscsi_create for IF_SCSI drives). */
    static String scsi(String what, String instead) {
        return what + " a SCSI adapter (QEMU's spapr-vscsi), which jpseries does not have yet: use " + instead;
    }

    private static Boolean bool(String v, String key, String where) throws UsageException {
        if (v == null) return null;
        Boolean b = QemuOpts.bool(v);
        if (b == null) throw new UsageException(where + ": Parameter '" + key + "' expects 'on' or 'off'");
        return b;
    }

    /** aio= (QEMU raw_open_common and blockdev_init): threads is what jpseries does; native needs O_DIRECT in QEMU. */
    static void aio(String v, CacheMode cache, String where, String invalid) throws UsageException {
        if (v == null || v.equals("threads")) return;
        if (!v.equals("native") && !v.equals("io_uring")) throw new UsageException(where + ": " + invalid + (invalid.endsWith(" ") ? v : ""));
        if (v.equals("native") && !cache.direct()) {
            throw new UsageException(where + ": aio=native was specified, but it requires cache.direct=on, which was not specified.");
        }
        throw new UsageException(where + ": aio=" + v + " is not supported: jpseries does its I/O on threads (aio=threads)");
    }

    /** -blockdev JSON or dotted (one option). */
    void blockdev(String v, String opt) throws UsageException {
        blockdev.add(v, opt);
    }

    /** Every drive, once the command line is read: the -drive ones, then the -blockdev ones, each id once. */
    List<DriveSpec> finish() throws UsageException {
        for (DriveSpec d : drives.values()) {
            if (blockdev.hasNode(d.id())) throw new UsageException(d.origin() + ": Device name '" + d.id() + "' conflicts with an existing node name");
        }
        List<DriveSpec> all = new ArrayList<>(drives.values());
        all.addAll(blockdev.drives());
        return List.copyOf(all);
    }
}
