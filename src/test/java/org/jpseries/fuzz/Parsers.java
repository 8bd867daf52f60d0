package org.jpseries.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jpseries.cli.CommandLineFuzz;
import org.jpseries.monitor.QmpFuzz;
import org.jpseries.spapr.HcallFuzz;
import org.jpseries.spapr.KernelLoadFuzz;
import org.jpseries.user.UserElfFuzz;

/**
 * The parsers of outside input that the fuzz tier covers (issue 15), each with its property
 * (the check next to the parser's tests), its seed generator and its committed corpus under
 * src/test/resources/fuzz/NAME: files named like the seeds are generated (regenerate with
 * {@code -Dtest=ParsersCorpusTest -Djpseries.fuzz.regen=true}); "real-NAME" files are real
 * inputs kept as they are, built by this project's own tools (never a downloaded binary or a
 * piece of one); "found-NAME" files are inputs the fuzzer found (copy
 * target/jazzer/crash-SHA1 there, without its first byte, which only picked the parser).
 */
public enum Parsers {
    KERNEL_ELF("kernel-elf", KernelLoadFuzz::check, KernelLoadFuzz::seeds),
    USER_ELF("user-elf", UserElfFuzz::check, UserElfFuzz::seeds),
    COMMAND_LINE("command-line", CommandLineFuzz::check, CommandLineFuzz::seeds),
    QMP("qmp", QmpFuzz::check, QmpFuzz::seeds),
    HCALL("hcall", HcallFuzz::check, HcallFuzz::seeds);

    public final String dir;
    private final Consumer<byte[]> check;
    private final Supplier<Map<String, byte[]>> seeds;

    Parsers(String dir, Consumer<byte[]> check, Supplier<Map<String, byte[]>> seeds) {
        this.dir = dir;
        this.check = check;
        this.seeds = seeds;
    }

    /** Runs the parser's property on one input: returns normally or throws an AssertionError (a finding). */
    public void check(byte[] input) {
        check.accept(input);
    }

    public Map<String, byte[]> seeds() {
        return seeds.get();
    }

    public Path corpusDir() {
        return Path.of(System.getProperty("jpseries.home", "."), "src/test/resources/fuzz", dir);
    }

    /** The committed corpus files by name. */
    public Map<String, byte[]> committed() {
        Map<String, byte[]> m = new TreeMap<>();
        if (!Files.isDirectory(corpusDir())) return m;
        try (Stream<Path> files = Files.list(corpusDir())) {
            for (Path p : files.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /**
     * The parser a fuzz input is for: its first byte modulo the number of parsers, unless
     * {@code jpseries.fuzz.parser} names one (scripts/fuzz-stress runs them one at a time).
     */
    public static Parsers forInput(byte[] input) {
        String only = System.getProperty("jpseries.fuzz.parser", "");
        if (!only.isEmpty()) return byDir(only);
        return values()[(input[0] & 0xff) % values().length];
    }

    public static Parsers byDir(String dir) {
        for (Parsers p : values()) if (p.dir.equals(dir)) return p;
        throw new IllegalArgumentException("no parser '" + dir + "' to fuzz");
    }

    /** A corpus file as a fuzz input: the byte that picks this parser, then the file. */
    public byte[] input(byte[] file) {
        byte[] in = new byte[file.length + 1];
        in[0] = (byte) ordinal();
        System.arraycopy(file, 0, in, 1, file.length);
        return in;
    }
}
