package org.jpseries.user;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small ELF64 files for loader tests: one PT_LOAD segment with the given code words. */
final class ElfBuilder {
    static final long BASE = 0x1000_0000L;
    int machine = ElfImage.EM_PPC64;
    int elfClass = 2;
    int data = 1;
    boolean interp;
    long entry = -1;
    int[] code = {0};

    byte[] build() {
        boolean le = data != 2;
        int phnum = interp ? 2 : 1;
        int codeOff = 64 + 56 * phnum;
        String interpName = "/lib64/ld64.so.2\0";
        int interpOff = codeOff + 4 * code.length;
        int size = interpOff + (interp ? interpName.length() : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1});
        b.putShort(16, (short) ElfImage.ET_EXEC);
        b.putShort(18, (short) machine);
        b.putInt(20, 1);
        b.putLong(24, entry >= 0 ? entry : BASE + codeOff);
        b.putLong(32, 64);
        b.putInt(48, 2);
        b.putShort(52, (short) 64);
        b.putShort(54, (short) 56);
        b.putShort(56, (short) phnum);
        int ph = 64;
        if (interp) {
            b.putInt(ph, ElfImage.PT_INTERP);
            b.putInt(ph + 4, ElfImage.PF_R);
            b.putLong(ph + 8, interpOff);
            b.putLong(ph + 16, BASE + interpOff);
            b.putLong(ph + 32, interpName.length());
            b.putLong(ph + 40, interpName.length());
            ph += 56;
            for (int i = 0; i < interpName.length(); i++) b.put(interpOff + i, (byte) interpName.charAt(i));
        }
        b.putInt(ph, ElfImage.PT_LOAD);
        b.putInt(ph + 4, ElfImage.PF_R | ElfImage.PF_X);
        b.putLong(ph + 8, 0);
        b.putLong(ph + 16, BASE);
        b.putLong(ph + 32, size);
        b.putLong(ph + 40, size);
        b.putLong(ph + 48, 0x10000);
        for (int i = 0; i < code.length; i++) b.putInt(codeOff + 4 * i, code[i]);
        return b.array();
    }
}
