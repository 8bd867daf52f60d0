package org.jpseries.spapr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small ELF64 files shaped like a ppc64le vmlinux (one PT_LOAD at paddr 0, vaddr 0xc000...). */
public final class TestKernel {
    private TestKernel() {}

    public static final long VBASE = 0xc000000000000000L;

    public static byte[] elf(boolean littleEndian, int machine, byte[] text, long memsz, long entryOff) {
        int phoff = 64, off = 0x1000;
        ByteBuffer b = ByteBuffer.allocate(off + text.length).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, (byte) (littleEndian ? 1 : 2), 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) machine).putInt(1).putLong(VBASE + entryOff).putLong(phoff).putLong(0)
                .putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1).putShort((short) 64).putShort((short) 0)
                .putShort((short) 0);
        b.position(phoff);
        b.putInt(1).putInt(7).putLong(off).putLong(VBASE).putLong(0).putLong(text.length).putLong(memsz).putLong(0x10000);
        b.position(off);
        b.put(text);
        return b.array();
    }
}
