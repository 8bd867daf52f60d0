package org.jpseries.user;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed ELF64 PowerPC executable (System V gABI; the 64-bit ELF V2 ABI for little-endian,
 * ELF V1 for big-endian). Only what a static program loader needs; every malformation is an
 * {@link ElfException} with a one-line reason.
 */
public final class ElfImage {
    public static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_PHDR = 6, PT_TLS = 7, PT_GNU_STACK = 0x6474e551;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;
    public static final int EM_PPC64 = 21;
    public static final int ET_EXEC = 2, ET_DYN = 3;

    public record Segment(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {}

    public static final class ElfException extends Exception {
        public ElfException(String message) {
            super(message);
        }
    }

    public final byte[] bytes;
    public final boolean littleEndian;
    public final int type;
    public final long entry;
    public final long phoff;
    public final int phentsize, phnum;
    public final List<Segment> segments;
    /** ELF V2 ABI (e_flags & 3 == 2), the little-endian ABI; V1 uses function descriptors. */
    public final int abiVersion;

    private ElfImage(byte[] bytes) throws ElfException {
        this.bytes = bytes;
        if (bytes.length < 64 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
            throw new ElfException("not an ELF file");
        }
        if (bytes[4] != 2) throw new ElfException("not a 64-bit ELF file (ELFCLASS" + (bytes[4] == 1 ? "32" : "?") + ")");
        if (bytes[5] != 1 && bytes[5] != 2) throw new ElfException("unknown ELF data encoding " + bytes[5]);
        littleEndian = bytes[5] == 1;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        type = b.getShort(16) & 0xFFFF;
        int machine = b.getShort(18) & 0xFFFF;
        if (machine != EM_PPC64) throw new ElfException("wrong architecture: ELF machine " + machine + ", expected PowerPC64 (21)");
        if (type != ET_EXEC && type != ET_DYN) throw new ElfException("not an executable (ELF type " + type + ")");
        entry = b.getLong(24);
        phoff = b.getLong(32);
        abiVersion = b.getInt(48) & 3;
        phentsize = b.getShort(54) & 0xFFFF;
        phnum = b.getShort(56) & 0xFFFF;
        // every bound is compared without overflow: e_phoff, p_offset and p_filesz come from the file
        if (phnum == 0 || phentsize < 56 || phoff < 0 || phoff > bytes.length || (long) phnum * phentsize > bytes.length - phoff) {
            throw new ElfException("truncated or malformed program headers");
        }
        segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            Segment s = new Segment(b.getInt(o), b.getInt(o + 4), b.getLong(o + 8), b.getLong(o + 16),
                    b.getLong(o + 32), b.getLong(o + 40), b.getLong(o + 48));
            if (s.type == PT_LOAD) {
                if (s.filesz < 0 || s.filesz > 0 && (s.offset < 0 || s.offset > bytes.length || s.filesz > bytes.length - s.offset)) {
                    throw new ElfException("truncated: segment " + i + " extends past the end of the file");
                }
                if (s.memsz < s.filesz || s.memsz > (1L << 36)) throw new ElfException("malformed segment " + i);
            }
            segments.add(s);
        }
        if (segments.stream().noneMatch(s -> s.type == PT_LOAD)) throw new ElfException("no loadable segments");
    }

    public static ElfImage read(Path path) throws ElfException {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) throw new ElfException("Is a directory");
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ElfException("No such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ElfException("Permission denied");
        } catch (IOException e) {
            throw new ElfException(e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return new ElfImage(bytes);
    }

    public static ElfImage parse(byte[] bytes) throws ElfException {
        return new ElfImage(bytes);
    }

    public boolean hasInterpreter() {
        return segments.stream().anyMatch(s -> s.type == PT_INTERP);
    }
}
