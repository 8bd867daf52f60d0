/**
 * The jpseries state stream: sections of machine state in a self-describing, checksummed file
 * (snapshots and migration). It knows {@link org.jpseries.state.Section} and nothing of devices.
 *
 * <p>Layout, all integers big-endian (u8, u32, u64), every length checked before use:
 * <pre>
 * header   "JPSTATE\0" (8 bytes), u32 format version (1)
 * records  'S' u32 length, payload[length] (at most 64 MiB), u32 CRC32C(payload)
 *          ...
 *          'E' u32 section count, u32 CRC32C(every byte from the magic through the count)
 * payload  name, u32 instance, u32 version,
 *          u32 field count, fields: u8 FieldType.tag, name, value
 *          u32 subsection count, subsections: a payload each (without its own CRC), nested at most 8 deep
 * name     u8 length (1..255), that many visible ASCII bytes (0x21..0x7e)
 * value    BOOL u8 0|1; INT u32; LONG u64; STRING u32 length + UTF-8;
 *          BYTES u32 length + bytes; INTS u32 count + u32 each; LONGS u32 count + u64 each
 * </pre>
 * Field names are unique within a section, subsection names within their parent; the payload
 * ends exactly after the last subsection, and the stream ends exactly after the end record. The
 * encoding is canonical: a stream that decodes re-encodes to the same bytes. Large state (RAM)
 * is written as many sections with the same name and instance, so reader and writer hold one
 * section at a time.
 *
 * <p>{@link org.jpseries.state.stream.StreamWriter} writes, {@link org.jpseries.state.stream.StreamReader}
 * reads (a {@link org.jpseries.device.SectionSource}), {@link org.jpseries.state.stream.StreamTool}
 * is {@code bin/jpseries-stream} (dump, diff).
 */
package org.jpseries.state.stream;
