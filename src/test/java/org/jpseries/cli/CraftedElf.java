package org.jpseries.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hostile ppc64le kernel ELF files, crafted field by field (the cases of issue 15 item 1): a
 * valid header whose program header table or PT_LOAD segments point anywhere. Built here rather
 * than committed as binaries.
 */
final class CraftedElf {
    private CraftedElf() {}

    static final long MAX = Long.MAX_VALUE, VBASE = 0xc000000000000000L;

    /** One PT_LOAD: file bytes [offset, offset + fileSize) to paddr, memSize in memory. */
    record Load(long offset, long paddr, long fileSize, long memSize) {}

    static byte[] elf(long phoff, Load... loads) {
        int size = Math.max(0x1100, 64 + 56 * loads.length);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) 21).putInt(1).putLong(VBASE).putLong(phoff).putLong(0).putInt(0)
                .putShort((short) 64).putShort((short) 56).putShort((short) loads.length).putShort((short) 64)
                .putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < loads.length; i++) {
            Load l = loads[i];
            b.position(64 + 56 * i);
            b.putInt(1).putInt(7).putLong(l.offset).putLong(VBASE + l.paddr).putLong(l.paddr).putLong(l.fileSize)
                    .putLong(l.memSize).putLong(0x10000);
        }
        return b.array();
    }

    static final Load TEXT = new Load(0x1000, 0, 0x100, 0x100);

    static byte[] phoff(long phoff) {
        return elf(phoff, TEXT);
    }

    static byte[] segment(Load... loads) {
        return elf(64, loads);
    }
}
