package org.jpseries.diff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs for the differential tests: the cross compiler, qemu-ppc64le (the oracle) and
 * jpseries-user (a separate JVM from this build's classes, so a hang or crash of the guest cannot
 * take the test JVM down). Every run gets the same small environment.
 */
public final class Oracles {
    public static final String GCC = "powerpc64le-linux-gnu-gcc";
    public static final String QEMU = "qemu-ppc64le";
    public static final Map<String, String> GUEST_ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C", "HOME", "/tmp");

    public record Result(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    private Oracles() {}

    public static Path home() {
        return Path.of(System.getProperty("jpseries.home", ".")).toAbsolutePath().normalize();
    }

    private static final Map<String, Path> FETCHED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The guest software of {@code bin/jpseries-fetch} ("busybox", "kernel", "initrd"): the path
     * {@code bin/jpseries-fetch -q --print WHAT} prints, fetching it on first use (its cache lives
     * under HOME). Fails with the fetcher's message if it cannot.
     */
    public static Path fetched(String what) {
        return FETCHED.computeIfAbsent(what, Oracles::fetch);
    }

    private static Path fetch(String what) {
        Path script = home().resolve("bin/jpseries-fetch");
        try {
            Process p = new ProcessBuilder(script.toString(), "-q", "--print", what).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(900, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/jpseries-fetch --print " + what + " did not finish in 900 s");
            }
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new AssertionError("bin/jpseries-fetch --print " + what + " failed: "
                        + new String(err.join(), StandardCharsets.UTF_8).strip());
            }
            Path path = Path.of(out);
            if (!Files.isRegularFile(path)) throw new AssertionError("bin/jpseries-fetch printed " + out + ", which is not a file");
            return path;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Fails with a clear message when a tool the tests need is not installed. */
    public static void require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return;
        }
        throw new AssertionError(tool + " is not installed: run bin/jpseries-deps (or bin/jpseries-test, which does)");
    }

    public static Result run(List<String> cmd, Path cwd, byte[] stdin, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(GUEST_ENV);
        Process p = pb.start();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException ignored) {
            // the program exited without reading its input
        }
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        return new Result(done ? p.exitValue() : -1, out.join(), err.join(), !done);
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    /** Command line that runs this build's jpseries-user in a fresh JVM. */
    public static List<String> jpseriesUser(String cpu, Path program, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss16m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        // the JIT policy the test JVM was given (-Djpseries.jit=off, -Djpseries.jit.threshold=1): the
        // differential tier runs with the JIT off or with every block compiled, as the unit tier does
        for (String p : List.of("jpseries.jit", "jpseries.jit.threshold")) {
            if (System.getProperty(p) != null) cmd.add("-D" + p + "=" + System.getProperty(p));
        }
        cmd.addAll(List.of("org.jpseries.user.UserMain", "-cpu", cpu, program.toString()));
        cmd.addAll(args);
        return cmd;
    }

    public static List<String> qemu(String cpu, Path program, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(QEMU, "-cpu", cpu, program.toString()));
        cmd.addAll(args);
        return cmd;
    }
}
