package org.jpseries.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jpseries.spapr.TestKernel;

/**
 * jpseries as its own process, as bin/jpseries starts it (this build's classes, the real
 * {@link Main#main}, the real exit), with stderr in a file and stdin from a given file (a pty's
 * slave, or /dev/null). Its kernels are tiny ELF files made from a few instruction words.
 */
final class ChildJpseries implements AutoCloseable {
    final Process process;
    final Path stderr;
    final long started = System.nanoTime();

    private ChildJpseries(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** A kernel file running {@code words} (big-endian instruction words: the vCPU starts big-endian). */
    static Path kernel(Path dir, int... words) throws IOException {
        byte[] text = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            for (int b = 0; b < 4; b++) text[4 * i + b] = (byte) (words[i] >>> (24 - 8 * b));
        }
        Path k = dir.resolve("kernel.elf");
        Files.write(k, TestKernel.elf(true, 21, text, 0x10000, 0));
        return k;
    }

    static ChildJpseries start(Path dir, String heap, File stdin, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-Xss16m",
                "--enable-native-access=ALL-UNNAMED", "-Xlog:disable", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(stdin).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        return new ChildJpseries(p, err);
    }

    /** Waits up to {@code seconds} for the exit; its status, or null (the process is then killed). */
    Integer waitFor(int seconds) throws InterruptedException {
        if (process.waitFor(seconds, TimeUnit.SECONDS)) return process.exitValue();
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return null;
    }

    double secondsSinceStart() {
        return (System.nanoTime() - started) / 1e9;
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Sends signal {@code name} (TERM, INT, HUP) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /**
     * A QMP client of the child's unix monitor, retrying while the child starts (no file yet, or
     * bound but not yet listening: connection refused), as scripts/qmp-client does.
     */
    static org.jpseries.monitor.QmpClient connect(Path socket, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try {
                return new org.jpseries.monitor.QmpClient(socket);
            } catch (IOException e) {
                if (System.nanoTime() > end) throw e;
                Thread.sleep(20);
            }
        }
    }

    /** {@code stty -g} of a terminal device: its settings in one line. */
    static String stty(Path tty) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stty", "-F", tty.toString(), "-g").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    /** Puts a terminal device in its usual cooked state ({@code stty sane}). */
    static void sane(Path tty) throws IOException, InterruptedException {
        new ProcessBuilder("stty", "-F", tty.toString(), "sane").inheritIO().start().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
