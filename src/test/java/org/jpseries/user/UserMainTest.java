package org.jpseries.user;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs through {@link UserMain#run}: bad programs get one clear line and status 1, crashes qemu's message. */
class UserMainTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {}

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int st = UserMain.run(args, new ByteArrayInputStream(new byte[0]), out, err, List.of("A=1"));
        return new Run(st, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path file(String name, byte[] content) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    private void assertOneClearLine(Run r, String mustContain) {
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().endsWith("\n"), r.err());
        assertEquals(1, r.err().split("\n").length, "one line: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.err().toLowerCase().contains(mustContain.toLowerCase()), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingFile() {
        assertOneClearLine(run(tmp.resolve("none").toString()), "No such file");
    }

    @Test
    void directory() {
        assertOneClearLine(run(tmp.toString()), "Is a directory");
    }

    @Test
    void notElf() throws Exception {
        assertOneClearLine(run(file("text", "#!/bin/sh\necho hi\n".getBytes()).toString()), "not an ELF");
        assertOneClearLine(run(file("empty", new byte[0]).toString()), "not an ELF");
    }

    @Test
    void truncated() throws Exception {
        byte[] good = new ElfBuilder().build();
        assertOneClearLine(run(file("t1", Arrays.copyOf(good, 40)).toString()), "ELF");
        assertOneClearLine(run(file("t2", Arrays.copyOf(good, 100)).toString()), "truncated");
        assertOneClearLine(run(file("t3", Arrays.copyOf(good, good.length - 2)).toString()), "truncated");
    }

    @Test
    void wrongArchitecture() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.machine = 62; // EM_X86_64
        assertOneClearLine(run(file("x86", b.build()).toString()), "architecture");
    }

    @Test
    void thirtyTwoBit() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.elfClass = 1;
        assertOneClearLine(run(file("ppc32", b.build()).toString()), "32");
    }

    @Test
    void wrongEndianHeader() throws Exception {
        // EI_DATA says big-endian but the header is little-endian: the machine reads as 0x1500
        byte[] le = new ElfBuilder().build();
        le[5] = 2;
        assertOneClearLine(run(file("swapped", le).toString()), "architecture");
        le[5] = 3;
        assertOneClearLine(run(file("baddata", le).toString()), "data encoding");
    }

    @Test
    void dynamicallyLinked() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.interp = true;
        assertOneClearLine(run(file("dyn", b.build()).toString()), "dynamically linked");
    }

    @Test
    void badOptions() {
        assertEquals(1, run("-cpu", "POWER7", "x").status());
        assertEquals(1, run("-d", "nonsense", "x").status());
        assertEquals(1, run().status());
    }

    @Test
    void illegalInstructionIsSigill() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.code = new int[] {0x00000000};
        Run r = run(file("ill", b.build()).toString());
        assertEquals(132, r.status());
        assertTrue(r.err().endsWith("qemu: uncaught target signal 4 (Illegal instruction) - core dumped\n"), r.err());
    }

    @Test
    void jumpToUnmappedIsSigsegv() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.entry = 0x2000_0000L;
        Run r = run(file("segv", b.build()).toString());
        assertEquals(139, r.status());
        assertEquals("qemu: uncaught target signal 11 (Segmentation fault) - core dumped\n", r.err());
    }

    @Test
    void scSystemCallExitsWithStatus() throws Exception {
        // li r0,234 ; li r3,42 ; sc   -- needs addi from the fixed-point facility
        ElfBuilder b = new ElfBuilder();
        b.code = new int[] {0x380000ea, 0x3860002a, 0x44000002};
        Run r = run(file("exit42", b.build()).toString());
        boolean addi = org.jpseries.cpu.insn.InstructionTable.forModel(org.jpseries.cpu.CpuModel.POWER9)
                .implemented(org.jpseries.isa.Op.ADDI);
        assertEquals(addi ? 42 : 132, r.status(), r.err());
    }

    @Test
    void inAsmAndCpuTracesPrintBlocks() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.code = new int[] {0x00000000};
        Run r = run("-d", "in_asm,cpu", file("ill2", b.build()).toString());
        assertEquals(132, r.status());
        assertTrue(r.err().contains("IN: "), r.err());
        assertTrue(r.err().contains(String.format("0x%08x:  00000000", ElfBuilder.BASE + 120)), r.err());
        assertTrue(r.err().contains("NIP " + String.format("%016x", ElfBuilder.BASE + 120)), r.err());
        assertTrue(r.err().contains("GPR00 "), r.err());
    }

    @Test
    void logFileOptionTakesTheTrace() throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.code = new int[] {0x00000000};
        Path log = tmp.resolve("trace.log");
        Run r = run("-d", "in_asm", "-D", log.toString(), file("ill3", b.build()).toString());
        assertEquals(132, r.status());
        assertFalse(r.err().contains("IN: "), r.err());
        assertTrue(Files.readString(log).contains("IN: "));
    }

    @Test
    void inProcessRunsStopAtTheirTimeout() throws Exception {
        // b . : an endless loop (needs the branch facility; without it the run ends with SIGILL)
        ElfBuilder b = new ElfBuilder();
        b.code = new int[] {0x48000000};
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int st = UserMain.run(new String[] {file("loop", b.build()).toString()}, new ByteArrayInputStream(new byte[0]),
                out, err, List.of(), 300);
        boolean branch = org.jpseries.cpu.insn.InstructionTable.forModel(org.jpseries.cpu.CpuModel.POWER9)
                .implemented(org.jpseries.isa.Op.B);
        assertEquals(branch ? UserMain.TIMEOUT_STATUS : 132, st, err.toString());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L);
        if (branch) assertTrue(err.toString().contains("stopped after 300 ms"), err.toString());
    }
}
