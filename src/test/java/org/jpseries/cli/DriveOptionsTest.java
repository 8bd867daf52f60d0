package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpseries.block.CacheMode;
import org.jpseries.block.DriveSpec;
import org.junit.jupiter.api.Test;

/**
 * -drive, -hda and -blockdev as CommandLine parses them. The comments quote what
 * qemu-system-ppc64 7.2 (Debian 1:7.2+dfsg) printed for the same option, run as
 * {@code qemu-system-ppc64 -M pseries,x-vof=on -nodefaults -S -display none ... OPTION}; the
 * "qemu-system-ppc64: " prefix is jpseries' "jpseries: ".
 */
class DriveOptionsTest {
    static MachineConfig parse(String... a) throws UsageException {
        List<String> args = new ArrayList<>(List.of(a));
        args.addAll(List.of("-kernel", "k"));
        return CommandLine.parse(args);
    }

    static String error(String... a) {
        return assertThrows(UsageException.class, () -> parse(a)).getMessage();
    }

    static String driveError(String v) {
        return error("-drive", v);
    }

    static DriveSpec only(MachineConfig c) {
        assertEquals(1, c.drives().size(), c.drives().toString());
        return c.drives().get(0);
    }

    @Test
    void theIssuesDrive() throws Exception {
        DriveSpec d = only(parse("-drive", "file=disk.raw,format=raw,if=virtio"));
        assertEquals(new DriveSpec("virtio0", Path.of("disk.raw"), "virtio", false, CacheMode.WRITEBACK, false, true, true,
                "-drive file=disk.raw,format=raw,if=virtio"), d);
        assertEquals(d, parse("-drive", "file=disk.raw,format=raw,if=virtio").drive("virtio0"));
    }

    @Test
    void everyDriveOption() throws Exception {
        DriveSpec d = only(parse("-drive", "file=/img/a,,b.raw,format=raw,if=virtio,readonly=on,cache=none,id=root,discard=unmap,media=disk,file.locking=off"));
        assertEquals("root", d.id());
        assertEquals(Path.of("/img/a,b.raw"), d.file(), "',,' is a comma in QEMU's option syntax");
        assertTrue(d.readOnly());
        assertEquals(new CacheMode(true, false, false), d.cache());
        assertTrue(d.discard());
        assertFalse(d.locking());
        assertTrue(only(parse("-drive", "file=a,format=raw,if=virtio,read-only=on")).readOnly());
        assertEquals(new CacheMode(false, true, false), only(parse("-drive", "file=a,format=raw,if=virtio,cache=writethrough")).cache());
        assertEquals(new CacheMode(true, true, false), only(parse("-drive", "file=a,format=raw,if=virtio,cache=directsync")).cache());
        assertEquals(new CacheMode(false, false, true), only(parse("-drive", "file=a,format=raw,if=virtio,cache=unsafe")).cache());
        // the specific cache options take precedence over cache=, in either order (blockdev.c drive_new)
        assertEquals(new CacheMode(false, false, true),
                only(parse("-drive", "cache.direct=off,file=a,format=raw,if=virtio,cache=none,cache.no-flush=on")).cache());
        assertEquals(new CacheMode(false, true, false), only(parse("-drive", "file=a,format=raw,if=virtio,cache.writeback=off")).cache());
        assertFalse(only(parse("-drive", "file=a,format=raw,if=virtio,discard=ignore")).discard());
        assertTrue(only(parse("-drive", "file=a,format=raw,if=virtio,discard=on")).discard());
        assertTrue(only(parse("-drive", "file=a,format=raw,if=virtio,file.locking=auto,aio=threads,file.aio=threads")).locking());
        assertEquals(Path.of("b"), only(parse("-drive", "file.driver=file,file.filename=b,format=raw,if=virtio")).file());
        assertTrue(only(parse("-drive", "file=a,driver=raw,if=virtio")).formatGiven());
        assertFalse(only(parse("-drive", "file=a,if=virtio")).formatGiven(), "QEMU probes; BlockBackend.open refuses or warns");
    }

    @Test
    void drivesWithoutIdAreNamedAsQemuNamesThem() throws Exception {
        // QEMU's info block: "virtio0 (#block173): disk.raw (raw)", "virtio1 ...", "none0 ..."
        MachineConfig c = parse("-drive", "file=a,format=raw,if=virtio", "-drive", "file=b,format=raw,if=virtio", "-drive",
                "file=c,format=raw,if=none", "-drive", "file=d,format=raw,if=none,id=d0");
        assertEquals(List.of("virtio0", "virtio1", "none0", "d0"), c.drives().stream().map(DriveSpec::id).toList());
        assertEquals(Path.of("d"), c.drive("d0").file());
        assertEquals("none", c.drive("d0").iface());
        assertNull(c.drive("nope"));
    }

    @Test
    void refusedDriveOptionsWithQemusWords() {
        // qemu: -drive file=disk.raw,format=raw,if=virtio,readonly=foo: Parameter 'read-only' expects 'on' or 'off'
        assertEquals("-drive file=a,format=raw,if=virtio,readonly=foo: Parameter 'read-only' expects 'on' or 'off'",
                driveError("file=a,format=raw,if=virtio,readonly=foo"));
        // qemu: ...,cache=foo: invalid cache option
        assertEquals("-drive file=a,format=raw,if=virtio,cache=foo: invalid cache option", driveError("file=a,format=raw,if=virtio,cache=foo"));
        // qemu: ...,cache.direct=foo: Parameter 'cache.direct' expects 'on' or 'off'
        assertEquals("-drive file=a,format=raw,if=virtio,cache.direct=foo: Parameter 'cache.direct' expects 'on' or 'off'",
                driveError("file=a,format=raw,if=virtio,cache.direct=foo"));
        // qemu: ...,discard=foo: Invalid discard option
        assertEquals("-drive file=a,format=raw,if=virtio,discard=foo: Invalid discard option", driveError("file=a,format=raw,if=virtio,discard=foo"));
        // qemu: ...,media=foo: 'foo' invalid media
        assertEquals("-drive file=a,format=raw,if=virtio,media=foo: 'foo' invalid media", driveError("file=a,format=raw,if=virtio,media=foo"));
        // qemu accepts media=cdrom on virtio; jpseries has disks only
        assertEquals("-drive file=a,format=raw,if=virtio,media=cdrom: media=cdrom is not supported: jpseries' drives are virtio-blk disks (media=disk)",
                driveError("file=a,format=raw,if=virtio,media=cdrom"));
        // qemu: ...,file.locking=foo: invalid parameter value: foo
        assertEquals("-drive file=a,format=raw,if=virtio,file.locking=foo: invalid parameter value: foo",
                driveError("file=a,format=raw,if=virtio,file.locking=foo"));
        // qemu: ...,aio=foo: invalid aio option; ...,file.aio=foo: invalid parameter value: foo
        assertEquals("-drive file=a,format=raw,if=virtio,aio=foo: invalid aio option", driveError("file=a,format=raw,if=virtio,aio=foo"));
        assertEquals("-drive file=a,format=raw,if=virtio,file.aio=foo: invalid parameter value: foo", driveError("file=a,format=raw,if=virtio,file.aio=foo"));
        // qemu: ...,aio=native: aio=native was specified, but it requires cache.direct=on, which was not specified.
        assertEquals("-drive file=a,format=raw,if=virtio,aio=native: aio=native was specified, but it requires cache.direct=on, which was not specified.",
                driveError("file=a,format=raw,if=virtio,aio=native"));
        assertEquals("-drive file=a,format=raw,if=virtio,cache=none,aio=native: aio=native is not supported: jpseries does its I/O on threads (aio=threads)",
                driveError("file=a,format=raw,if=virtio,cache=none,aio=native"));
        // qemu: ...,bogus=1: Block format 'raw' does not support the option 'bogus'
        assertEquals("-drive file=a,format=raw,if=virtio,bogus=1: Block format 'raw' does not support the option 'bogus'",
                driveError("file=a,format=raw,if=virtio,bogus=1"));
        // qemu: ...,bogus: (deprecation warning, then) Block format 'raw' does not support the option 'bogus'
        assertEquals("-drive file=a,format=raw,if=virtio,bogus: Block format 'raw' does not support the option 'bogus'",
                driveError("file=a,format=raw,if=virtio,bogus"));
        // qemu: ...,locking=off: Block format 'raw' does not support the option 'locking'
        assertEquals("-drive file=a,format=raw,if=virtio,locking=off: Block format 'raw' does not support the option 'locking'",
                driveError("file=a,format=raw,if=virtio,locking=off"));
        // qemu: ...,file.bogus=1: Block protocol 'file' doesn't support the option 'bogus'
        assertEquals("-drive file=a,format=raw,if=virtio,file.bogus=1: Block protocol 'file' doesn't support the option 'bogus'",
                driveError("file=a,format=raw,if=virtio,file.bogus=1"));
        // qemu accepts snapshot=on; jpseries does not do it
        assertEquals("-drive file=a,format=raw,if=virtio,snapshot=on: 'snapshot' is not supported by jpseries yet",
                driveError("file=a,format=raw,if=virtio,snapshot=on"));
        // qemu: ...,id=1a: Parameter 'id' expects an identifier / Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.
        assertEquals("-drive file=a,format=raw,if=virtio,id=1a: Parameter 'id' expects an identifier\n"
                + "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.", driveError("file=a,format=raw,if=virtio,id=1a"));
        // qemu: -drive file=disk.raw,format=raw,if=none,id=a,...: Duplicate ID 'a' for drive
        assertEquals("-drive file=b,format=raw,if=none,id=a: Duplicate ID 'a' for drive",
                error("-drive", "file=a,format=raw,if=virtio,id=a", "-drive", "file=b,format=raw,if=none,id=a"));
        // qemu: -drive format=raw,if=virtio: A block device must be specified for "file"
        assertEquals("-drive format=raw,if=virtio: A block device must be specified for \"file\"", driveError("format=raw,if=virtio"));
        assertEquals("-drive format=raw,if=none,id=x: A block device must be specified for \"file\"", driveError("format=raw,if=none,id=x"));
        // qemu accepts an empty drive (-drive if=none,id=x): removable media jpseries does not have
        assertEquals("-drive if=none,id=x: an empty drive (no file=) is not supported: jpseries has no removable media", driveError("if=none,id=x"));
        // qemu: ...,file.filename=x: Can't specify 'file' and 'filename' options at the same time
        assertEquals("-drive file=a,format=raw,if=virtio,file.filename=x: Can't specify 'file' and 'filename' options at the same time",
                driveError("file=a,format=raw,if=virtio,file.filename=x"));
        // qemu: ...,driver=raw: Cannot specify both 'driver' and 'format'
        assertEquals("-drive file=a,format=raw,if=virtio,driver=raw: Cannot specify both 'driver' and 'format'",
                driveError("file=a,format=raw,if=virtio,driver=raw"));
        // qemu: ...,file.driver=foo: Unknown driver 'foo'; file.driver=nbd: File name string for NBD must start with 'nbd:'
        assertEquals("-drive file=a,format=raw,if=virtio,file.driver=foo: Unknown driver 'foo'", driveError("file=a,format=raw,if=virtio,file.driver=foo"));
        assertEquals("-drive file=a,format=raw,if=virtio,file.driver=nbd: file.driver=nbd is not supported: jpseries opens host files and block devices (file, host_device)",
                driveError("file=a,format=raw,if=virtio,file.driver=nbd"));
    }

    @Test
    void nonRawFormatsAreRefusedNamingQemuImgConvert() {
        // qemu opens qcow2 (on a raw file: "Image is not in qcow2 format"); jpseries reads raw only
        assertEquals("-drive file=d.qcow2,format=qcow2,if=virtio: format=qcow2 is not supported: jpseries reads raw images only "
                + "(convert it: qemu-img convert -O raw d.qcow2 IMAGE.raw, then format=raw)", driveError("file=d.qcow2,format=qcow2,if=virtio"));
        assertTrue(driveError("file=d.vmdk,format=vmdk,if=virtio").contains("format=vmdk is not supported: jpseries reads raw images only"));
        // qemu: ...,format=foo: Unknown driver 'foo'
        assertEquals("-drive file=a,format=foo,if=virtio: Unknown driver 'foo'", driveError("file=a,format=foo,if=virtio"));
    }

    @Test
    void busesPseriesDoesNotHave() {
        // qemu: ...,if=bogus: unsupported bus type 'bogus'; if=virtio,,x: unsupported bus type 'virtio,x'
        assertEquals("-drive file=a,format=raw,if=bogus: unsupported bus type 'bogus'", driveError("file=a,format=raw,if=bogus"));
        assertEquals("-drive file=a,format=raw,if=virtio,,x: unsupported bus type 'virtio,x'", driveError("file=a,format=raw,if=virtio,,x"));
        // qemu: ...,if=ide: machine type does not support if=ide,bus=0,unit=0 (and so for floppy, sd, mtd, xen)
        for (String bus : List.of("ide", "floppy", "sd", "mtd", "xen")) {
            assertEquals("-drive file=a,format=raw,if=" + bus + ": machine type does not support if=" + bus + ",bus=0,unit=0",
                    driveError("file=a,format=raw,if=" + bus));
        }
        // qemu: if=pflash backs spapr-nvram ("spapr-nvram must be between 8192 and 1048576 bytes in size" for a 64 MiB file)
        assertEquals("-drive file=a,format=raw,if=pflash: if=pflash is the pseries NVRAM's backing file in QEMU (spapr-nvram); "
                + "jpseries keeps the NVRAM in memory only", driveError("file=a,format=raw,if=pflash"));
    }

    @Test
    void whatQemuPutsOnSpaprVscsiIsRefusedNamingIfVirtio() {
        // qemu runs these with an spapr-vscsi adapter and a scsi-hd on it
        assertEquals("-drive file=a,format=raw,if=scsi: if=scsi is a disk on a SCSI adapter (QEMU's spapr-vscsi), which jpseries does not have yet: use if=virtio",
                driveError("file=a,format=raw,if=scsi"));
        assertEquals("-drive file=a,format=raw: a -drive without if= is a disk on a SCSI adapter (QEMU's spapr-vscsi), which jpseries does not have yet: use if=virtio",
                driveError("file=a,format=raw"));
        assertEquals("-hda disk.raw: on pseries -hda is a disk on a SCSI adapter (QEMU's spapr-vscsi), which jpseries does not have yet: "
                + "use -drive file=disk.raw,format=raw,if=virtio", error("-hda", "disk.raw"));
        assertEquals("-hda disk.raw: on pseries -hda is a disk on a SCSI adapter (QEMU's spapr-vscsi), which jpseries does not have yet: "
                + "use -drive file=disk.raw,format=raw,if=virtio", error("disk.raw"), "QEMU takes a bare argument as -hda");
        assertTrue(error("-hdb", "b.raw").startsWith("-hdb b.raw: on pseries -hdb is a disk on"));
    }

    static final String STORAGE = "{\"driver\":\"file\",\"filename\":\"/p\",\"node-name\":\"libvirt-1-storage\",\"auto-read-only\":true,\"discard\":\"unmap\"}";
    static final String FORMAT = "{\"node-name\":\"libvirt-1-format\",\"read-only\":false,\"driver\":\"raw\",\"file\":\"libvirt-1-storage\"}";

    @Test
    void libvirtsBlockdevPair() throws Exception {
        MachineConfig c = parse("-blockdev", STORAGE, "-blockdev", FORMAT);
        DriveSpec d = only(c);
        assertEquals(new DriveSpec("libvirt-1-format", Path.of("/p"), "none", false, CacheMode.WRITEBACK, false, true, true, "-blockdev " + FORMAT), d);
        assertNull(c.drive("libvirt-1-storage"), "the file node is the raw node's, not a drive of its own");
        // libvirt's discard='unmap' puts "discard":"unmap" on both nodes; a node opened alone does not inherit it
        String fmt = FORMAT.replace("\"read-only\":false", "\"read-only\":true,\"discard\":\"unmap\"");
        d = only(parse("-blockdev", STORAGE, "-blockdev", fmt));
        assertTrue(d.discard());
        assertTrue(d.readOnly());
        String storage = STORAGE.replace("}", ",\"cache\":{\"direct\":true,\"no-flush\":false},\"locking\":\"off\",\"aio\":\"threads\"}");
        d = only(parse("-blockdev", storage, "-blockdev", FORMAT));
        assertEquals(new CacheMode(true, false, false), d.cache());
        assertFalse(d.locking());
        // a file node alone is a drive (QEMU: -device virtio-blk-pci,drive=libvirt-1-storage works)
        d = only(parse("-blockdev", STORAGE));
        assertEquals("libvirt-1-storage", d.id());
        assertTrue(d.discard());
    }

    @Test
    void dottedAndNestedBlockdev() throws Exception {
        DriveSpec d = only(parse("-blockdev", "driver=raw,node-name=n,file.driver=file,file.filename=F"));
        assertEquals(new DriveSpec("n", Path.of("F"), "none", false, CacheMode.WRITEBACK, false, true, true,
                "-blockdev driver=raw,node-name=n,file.driver=file,file.filename=F"), d);
        // nested, the file inherits the raw node's discard and cache
        d = only(parse("-blockdev", "raw,node-name=n,read-only=on,discard=unmap,cache.direct=on,file.driver=file,file.filename=F,file.locking=off"));
        assertTrue(d.readOnly() && d.discard() && d.cache().direct() && !d.locking());
        d = only(parse("-blockdev", "{\"driver\":\"raw\",\"node-name\":\"s\",\"file\":{\"driver\":\"host_device\",\"filename\":\"/dev/x\"}}"));
        assertEquals(Path.of("/dev/x"), d.file());
    }

    static String blockdevError(String... values) {
        List<String> a = new ArrayList<>();
        for (String v : values) {
            a.add("-blockdev");
            a.add(v);
        }
        return error(a.toArray(String[]::new));
    }

    @Test
    void refusedBlockdevsWithQemusWords() {
        // qemu: -blockdev {"driver":"file","filename":"disk.raw"}: 'node-name' must be specified for the root node
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\"}: 'node-name' must be specified for the root node",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\"}"));
        // qemu: ...: Parameter 'bogus' is unexpected
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"a\",\"bogus\":1}: Parameter 'bogus' is unexpected",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"a\",\"bogus\":1}"));
        // qemu: -blockdev {"driver":"file","node-name":"a"}: Parameter 'filename' is missing
        assertEquals("-blockdev {\"driver\":\"file\",\"node-name\":\"a\"}: Parameter 'filename' is missing", blockdevError("{\"driver\":\"file\",\"node-name\":\"a\"}"));
        // qemu: -blockdev {"driver":"raw","node-name":"b","file":"nope"}: Cannot find device='nope' nor node-name='nope'
        assertEquals("-blockdev {\"driver\":\"raw\",\"node-name\":\"b\",\"file\":\"nope\"}: Cannot find device='nope' nor node-name='nope'",
                blockdevError("{\"driver\":\"raw\",\"node-name\":\"b\",\"file\":\"nope\"}"));
        // qemu: the second of two equal -blockdev: Duplicate nodes with node-name='libvirt-1-storage'
        assertEquals("-blockdev " + STORAGE + ": Duplicate nodes with node-name='libvirt-1-storage'", blockdevError(STORAGE, STORAGE));
        // qemu: ...,"read-only":"x"}: Invalid parameter type for 'read-only', expected: boolean
        assertEquals("-blockdev {\"driver\":\"raw\",\"node-name\":\"b\",\"file\":\"libvirt-1-storage\",\"read-only\":\"x\"}: "
                + "Invalid parameter type for 'read-only', expected: boolean",
                blockdevError(STORAGE, "{\"driver\":\"raw\",\"node-name\":\"b\",\"file\":\"libvirt-1-storage\",\"read-only\":\"x\"}"));
        // qemu: -blockdev driver=raw,...,file.bogus=1: Parameter 'file.bogus' is unexpected
        assertEquals("-blockdev driver=raw,node-name=n,file.driver=file,file.filename=d,file.bogus=1: Parameter 'file.bogus' is unexpected",
                blockdevError("driver=raw,node-name=n,file.driver=file,file.filename=d,file.bogus=1"));
        // qemu: -blockdev driver=raw,node-name=n: Parameter 'file' is missing
        assertEquals("-blockdev driver=raw,node-name=n: Parameter 'file' is missing", blockdevError("driver=raw,node-name=n"));
        // qemu: ...,"discard":"bad"}: Parameter 'discard' does not accept value 'bad'; "locking":"x" likewise
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"discard\":\"bad\"}: Parameter 'discard' does not accept value 'bad'",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"discard\":\"bad\"}"));
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"locking\":\"x\"}: Parameter 'locking' does not accept value 'x'",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"locking\":\"x\"}"));
        // qemu: ...,"node-name":"1s"}: Invalid node-name: '1s'; a 36-character name: Node name too long
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"1s\"}: Invalid node-name: '1s'",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"1s\"}"));
        String longName = "a".repeat(36);
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"" + longName + "\"}: Node name too long",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"" + longName + "\"}"));
        // qemu: -blockdev [1]: Parameter 'driver' does not accept value '[1]'
        assertEquals("-blockdev [1]: Parameter 'driver' does not accept value '[1]'", blockdevError("[1]"));
        // qemu: -blockdev {bad: JSON parse error, invalid keyword 'bad'
        assertTrue(blockdevError("{bad").startsWith("-blockdev {bad: JSON parse error, "));
        // qemu: ...,"filename":"x"}: JSON parse error, duplicate key
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"filename\":\"x\"}: JSON parse error, duplicate key",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"filename\":\"x\"}"));
        // qemu: ...,"filename":3,...: Invalid parameter type for 'filename', expected: string
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":3,\"node-name\":\"s\"}: Invalid parameter type for 'filename', expected: string",
                blockdevError("{\"driver\":\"file\",\"filename\":3,\"node-name\":\"s\"}"));
        // qemu: ...,"cache":{"direct":"x"}}: Invalid parameter type for 'cache.direct', expected: boolean; {"bogus":true}: Parameter 'cache.bogus' is unexpected
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"cache\":{\"direct\":\"x\"}}: "
                + "Invalid parameter type for 'cache.direct', expected: boolean",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"cache\":{\"direct\":\"x\"}}"));
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"cache\":{\"bogus\":true}}: Parameter 'cache.bogus' is unexpected",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"cache\":{\"bogus\":true}}"));
        // qemu: {"driver":"raw","node-name":"s","file":{"driver":"file"}}: Parameter 'file.filename' is missing
        assertEquals("-blockdev {\"driver\":\"raw\",\"node-name\":\"s\",\"file\":{\"driver\":\"file\"}}: Parameter 'file.filename' is missing",
                blockdevError("{\"driver\":\"raw\",\"node-name\":\"s\",\"file\":{\"driver\":\"file\"}}"));
        // qemu: driver=file,...,read-only=maybe: Parameter 'read-only' expects 'on' or 'off'
        assertEquals("-blockdev driver=file,filename=d,node-name=s,read-only=maybe: Parameter 'read-only' expects 'on' or 'off'",
                blockdevError("driver=file,filename=d,node-name=s,read-only=maybe"));
        // qemu: {"driver":"foo","node-name":"s"}: Parameter 'driver' does not accept value 'foo'
        assertEquals("-blockdev {\"driver\":\"foo\",\"node-name\":\"s\"}: Parameter 'driver' does not accept value 'foo'",
                blockdevError("{\"driver\":\"foo\",\"node-name\":\"s\"}"));
        // qemu: {"driver":"file",...,"aio":"native"}: aio=native was specified, but it requires cache.direct=on, which was not specified.
        assertEquals("-blockdev {\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"aio\":\"native\"}: "
                + "aio=native was specified, but it requires cache.direct=on, which was not specified.",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"aio\":\"native\"}"));
        // qemu: a raw node over a read-only file node, once a device takes it: "-device virtio-blk-pci,drive=f: Block node is read-only"
        assertEquals("-blockdev {\"driver\":\"raw\",\"node-name\":\"f\",\"file\":\"s\"}: Block node is read-only",
                blockdevError("{\"driver\":\"file\",\"filename\":\"d\",\"node-name\":\"s\",\"read-only\":true}", "{\"driver\":\"raw\",\"node-name\":\"f\",\"file\":\"s\"}"));
        // qemu opens a qcow2 node; jpseries reads raw only
        assertTrue(blockdevError(STORAGE, "{\"driver\":\"qcow2\",\"node-name\":\"b\",\"file\":\"libvirt-1-storage\"}")
                .endsWith(": driver qcow2 is not supported: jpseries reads raw images only (convert it: qemu-img convert -O raw FILE IMAGE.raw, then format=raw)"));
    }

    @Test
    void driveIdsAndNodeNamesShareOneNamespace() {
        // qemu (either order): -drive if=none,id=n,...: Device name 'n' conflicts with an existing node name
        assertEquals("-drive if=none,id=n,file=d,format=raw: Device name 'n' conflicts with an existing node name",
                error("-blockdev", "driver=raw,node-name=n,file.driver=file,file.filename=d", "-drive", "if=none,id=n,file=d,format=raw"));
        assertEquals("-drive if=none,id=n,file=d,format=raw: Device name 'n' conflicts with an existing node name",
                error("-drive", "if=none,id=n,file=d,format=raw", "-blockdev", "driver=raw,node-name=n,file.driver=file,file.filename=d"));
    }
}
