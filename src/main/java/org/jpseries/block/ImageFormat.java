package org.jpseries.block;

import java.nio.charset.StandardCharsets;

/**
 * Recognises the image formats QEMU's probing would pick over raw from an image's first 512
 * bytes (block.c bdrv_probe_all, each driver's bdrv_probe; raw scores lowest, so any of these
 * wins). jpseries reads raw images only: a probed image of another format is refused, and a
 * write that would make block 0 of a probed raw image look like one is refused as QEMU refuses
 * it (block/raw-format.c raw_co_pwritev, -EPERM).
 */
public final class ImageFormat {
    private ImageFormat() {}

    /** BLOCK_PROBE_BUF_SIZE: what probing reads, and the guarded block 0 of a probed raw image. */
    public static final int PROBE_SIZE = 512;

    /** The QEMU driver name of the format {@code head} (the image's first bytes) is in, or null for raw. */
    public static String probe(byte[] head) {
        if (startsWith(head, 0, new byte[] {'Q', 'F', 'I', (byte) 0xfb}) && head.length >= 8) {
            return be32(head, 4) >= 2 ? "qcow2" : "qcow"; // block/qcow2.c qcow2_probe (version >= 2), block/qcow.c (version 1)
        }
        if (startsWith(head, 0, ascii("QED\0"))) return "qed"; // block/qed.c QED_MAGIC
        if (head.length >= 0x44 && le32(head, 0x40) == 0xbeda107fL) return "vdi"; // block/vdi.c VDI_SIGNATURE
        if (startsWith(head, 0, ascii("KDMV")) || startsWith(head, 0, ascii("COWD"))
                || startsWith(head, 0, ascii("# Disk DescriptorFile"))) {
            return "vmdk"; // block/vmdk.c VMDK4_MAGIC, VMDK3_MAGIC, a descriptor file
        }
        if (startsWith(head, 0, ascii("vhdxfile"))) return "vhdx"; // block/vhdx.c
        if (startsWith(head, 0, ascii("conectix"))) return "vpc"; // block/vpc.c
        if (startsWith(head, 0, ascii("WithoutFreeSpace")) || startsWith(head, 0, ascii("WithouFreSpacExt"))) {
            return "parallels"; // block/parallels.c HEADER_MAGIC, HEADER_MAGIC2
        }
        if (startsWith(head, 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})) return "luks"; // crypto/block-luks.c
        if (startsWith(head, 0, ascii("Bochs Virtual HD Image"))) return "bochs"; // block/bochs.c HEADER_MAGIC
        return null;
    }

    /** QEMU 7.2's image format drivers (qapi/block-core.json BlockdevDriver): the formats a user may name that are not raw. */
    public static final java.util.Set<String> FORMATS = java.util.Set.of("bochs", "cloop", "dmg", "luks", "parallels", "qcow", "qcow2", "qed",
            "vdi", "vhdx", "vmdk", "vpc", "vvfat");

    /** The one line that refuses an image of another format, naming the conversion. */
    public static String refusal(String format, String file) {
        return rawOnly("'" + file + "' is a " + format + " image", file);
    }

    /** "WHAT: jpseries reads raw images only (convert it: qemu-img convert ...)". */
    public static String rawOnly(String what, String file) {
        return what + ": jpseries reads raw images only (convert it: qemu-img convert -O raw " + file + " IMAGE.raw, then format=raw)";
    }

    /** QEMU's warning for an image opened without format= that probing took as raw (block.c find_image_format), three lines. */
    public static String probedRawWarning(String file) {
        return "WARNING: Image format was not specified for '" + file + "' and probing guessed raw.\n"
                + "         Automatically detecting the format is dangerous for raw images, write operations on block 0 will be restricted.\n"
                + "         Specify the 'raw' format explicitly to remove the restrictions.";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] b, int at, byte[] magic) {
        if (b.length < at + magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if (b[at + i] != magic[i]) return false;
        }
        return true;
    }

    private static long be32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | b[at + 3] & 0xffL;
    }

    private static long le32(byte[] b, int at) {
        return (b[at + 3] & 0xffL) << 24 | (b[at + 2] & 0xffL) << 16 | (b[at + 1] & 0xffL) << 8 | b[at] & 0xffL;
    }
}
