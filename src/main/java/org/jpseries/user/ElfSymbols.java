package org.jpseries.user;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Function symbols of an ELF file's .symtab (System V gABI symbol table: Elf64_Sym is name,
 * info, other, shndx, value, size = 24 bytes), for naming blocks in {@code -d in_asm} as qemu
 * does. A missing or malformed table gives no names, never an error.
 */
final class ElfSymbols {
    private static final int SHT_SYMTAB = 2, STT_FUNC = 2;

    private record Sym(String name, long size) {}

    private final TreeMap<Long, Sym> byAddress = new TreeMap<>();

    ElfSymbols(ElfImage elf) {
        try {
            read(elf.bytes, elf.littleEndian);
        } catch (RuntimeException e) {
            byAddress.clear();
        }
    }

    private void read(byte[] bytes, boolean le) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xFFFF, shnum = b.getShort(60) & 0xFFFF;
        if (shoff <= 0 || shentsize < 64) return;
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_SYMTAB) continue;
            long off = b.getLong(sh + 24), size = b.getLong(sh + 32);
            int link = b.getInt(sh + 40);
            int str = (int) (shoff + (long) link * shentsize);
            long strOff = b.getLong(str + 24), strSize = b.getLong(str + 32);
            for (long s = off; s + 24 <= off + size; s += 24) {
                int name = b.getInt((int) s);
                int info = b.get((int) s + 4) & 0xFF;
                long value = b.getLong((int) s + 8), len = b.getLong((int) s + 16);
                if ((info & 0xF) != STT_FUNC || name <= 0 || name >= strSize) continue;
                int start = (int) (strOff + name), end = start;
                while (end < bytes.length && bytes[end] != 0) end++;
                byAddress.put(value, new Sym(new String(bytes, start, end - start, StandardCharsets.UTF_8), len));
            }
        }
    }

    /** The function containing addr, or "" (qemu's lookup_symbol). */
    String lookup(long addr) {
        Map.Entry<Long, Sym> e = byAddress.floorEntry(addr);
        if (e == null) return "";
        long size = Math.max(e.getValue().size(), 1);
        return addr < e.getKey() + size ? e.getValue().name() : "";
    }
}
