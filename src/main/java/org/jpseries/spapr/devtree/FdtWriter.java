package org.jpseries.spapr.devtree;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Serialises a {@link Node} tree as a flattened device tree blob (Devicetree Specification v0.4
 * ch. 5: header, memory reservation block, structure block, strings block; version 17,
 * last compatible version 16), the format Linux's early boot and {@code dtc -I dtb} read.
 */
public final class FdtWriter {
    public static final int MAGIC = 0xd00dfeed;
    static final int FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_END = 9;
    static final int HEADER_SIZE = 40;

    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();

    private FdtWriter() {}

    /**
     * @param reservations (address, size) pairs for the memory reservation block
     * @param bootCpuId    the physical id of the boot CPU (header field boot_cpuid_phys)
     */
    public static byte[] write(Node root, long[] reservations, int bootCpuId) {
        if (reservations.length % 2 != 0) throw new IllegalArgumentException("reservations come in pairs");
        FdtWriter w = new FdtWriter();
        w.node(root);
        w.u32(w.struct, FDT_END);
        byte[] st = w.struct.toByteArray();
        byte[] str = w.strings.toByteArray();
        int rsvOff = HEADER_SIZE;                       // 8-byte aligned
        int rsvSize = 16 * (reservations.length / 2 + 1);
        int structOff = rsvOff + rsvSize;
        int stringsOff = structOff + st.length;
        int total = stringsOff + str.length;
        ByteBuffer b = ByteBuffer.allocate(total);      // big-endian
        b.putInt(MAGIC).putInt(total).putInt(structOff).putInt(stringsOff).putInt(rsvOff)
                .putInt(17).putInt(16).putInt(bootCpuId).putInt(str.length).putInt(st.length);
        for (long r : reservations) b.putLong(r);
        b.putLong(0).putLong(0);
        b.put(st).put(str);
        return b.array();
    }

    private void node(Node n) {
        u32(struct, FDT_BEGIN_NODE);
        bytesPadded(n.name().getBytes(StandardCharsets.UTF_8), true);
        for (Map.Entry<String, byte[]> p : n.properties().entrySet()) {
            u32(struct, FDT_PROP);
            u32(struct, p.getValue().length);
            u32(struct, stringOffset(p.getKey()));
            bytesPadded(p.getValue(), false);
        }
        for (Node c : n.children()) node(c);
        u32(struct, FDT_END_NODE);
    }

    private int stringOffset(String s) {
        return stringOffsets.computeIfAbsent(s, k -> {
            int off = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        });
    }

    private void bytesPadded(byte[] b, boolean nulTerminate) {
        struct.writeBytes(b);
        int n = b.length;
        if (nulTerminate) {
            struct.write(0);
            n++;
        }
        while (n % 4 != 0) {
            struct.write(0);
            n++;
        }
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
