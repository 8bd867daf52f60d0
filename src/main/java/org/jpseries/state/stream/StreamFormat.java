package org.jpseries.state.stream;

import java.nio.charset.StandardCharsets;

/**
 * The constants of the jpseries state stream, in one place (see {@code package-info} for the
 * layout). The writer and the reader take every number from here.
 */
public final class StreamFormat {
    private StreamFormat() {}

    /** The first eight bytes of every stream: "JPSTATE" and a NUL. */
    static final byte[] MAGIC = "JPSTATE\0".getBytes(StandardCharsets.US_ASCII);

    /** The layout this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Header bytes: the magic and the u32 format version. */
    static final int HEADER_BYTES = 8 + 4;

    /** Record tag of a section: u32 payload length, payload, u32 CRC32C of the payload. */
    static final int TAG_SECTION = 'S';

    /** Record tag of the end: u32 section count, u32 CRC32C of every stream byte before that CRC. */
    static final int TAG_END = 'E';

    /** The largest section payload (RAM comes in ~1 MiB chunks; anything this big is a bug or an attack). */
    public static final int MAX_SECTION_BYTES = 64 << 20;

    /** The longest section, subsection or field name, in bytes. */
    static final int MAX_NAME_BYTES = 255;

    /** How deep subsections may nest below a top-level section. */
    static final int MAX_DEPTH = 8;

    /** Section and field names are 1..255 visible ASCII characters (0x21..0x7e): they name state in messages. */
    static String nameProblem(String name) {
        if (name.isEmpty()) return "an empty name";
        if (name.length() > MAX_NAME_BYTES) return "a name longer than " + MAX_NAME_BYTES + " bytes";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) return "a name with character 0x" + Integer.toHexString(c) + " (only visible ASCII is allowed)";
        }
        return null;
    }
}
