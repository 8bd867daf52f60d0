package org.jpseries.busybox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.jpseries.diff.Oracles;

/**
 * Command lines that run this build's jpseries-user as its own JVM (like bin/jpseries-user, one
 * process per guest, with real pipes and files as its stdio), started faster: the build's classes
 * are packed into a jar once per test run and an AppCDS archive of a first busybox run is dumped from
 * it, so later JVMs map the emulator's classes (and the lambdas of its instruction table) instead of
 * loading and linking them again. Without the archive (dump failed) the same jar runs without it.
 */
final class JpseriesLauncher {
    static final Path DIR = Oracles.home().resolve("target/busybox-launcher");
    private static List<String> prefix;

    private JpseriesLauncher() {}

    static synchronized List<String> command(String cpu, Path program) {
        if (prefix == null) prefix = prepare(program);
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("org.jpseries.user.UserMain", "-cpu", cpu, program.toString()));
        return cmd;
    }

    private static List<String> prepare(Path busybox) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // JVM log messages must reach neither stdout nor stderr: scripts fold stderr into the compared
        // stdout (2>&1). JDK 25 logs a CDS "error" for every run with --enable-native-access (the dynamic
        // archive does not record it) although it still maps the archive's classes.
        List<String> base = List.of(java, "-XX:+UseSerialGC", "-Xss16m", "--enable-native-access=ALL-UNNAMED", "-Xlog:disable");
        Path jar = DIR.resolve("jpseries-test.jar");
        Path archive = DIR.resolve("jpseries-test.jsa");
        try {
            Files.createDirectories(DIR);
            writeJar(Oracles.home().resolve("target/classes"), jar);
            Files.deleteIfExists(archive);
            List<String> dump = new ArrayList<>(base);
            dump.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", jar.toString(), "org.jpseries.user.UserMain",
                    busybox.toString(), "sh", "-c", "i=0; while [ $i -lt 20 ]; do i=$((i + 1)); done; echo $i"));
            Oracles.run(dump, DIR, new byte[0], 300);
        } catch (IOException e) {
            throw new AssertionError("cannot pack target/classes into " + jar + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        List<String> cmd = new ArrayList<>(base);
        if (Files.isRegularFile(archive)) cmd.add("-XX:SharedArchiveFile=" + archive);
        cmd.addAll(List.of("-cp", jar.toString()));
        return cmd;
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        if (!Files.isDirectory(classes)) throw new IOException(classes + " does not exist (run mvn test, which compiles it)");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }
}
