package org.jpseries.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An ext4 image read on the host with e2fsprogs, as a user checks a guest's disk without mounting
 * it: {@code debugfs -R 'cat PATH'}, {@code debugfs -R 'ls -p DIR'}, {@code e2fsck -fn}. The tools
 * come from bin/jpseries-deps (e2fsprogs); they live in /sbin, which a user's PATH may lack.
 */
public final class Ext4Image {
    private Ext4Image() {}

    /** A directory entry as {@code ls -p} prints it ("/inode/mode/uid/gid/name/size/"). */
    public record Entry(String name, int mode, int uid, int gid, long size) {}

    /** The bytes of the file at {@code path} (absolute in the image) as text. */
    public static String cat(Path image, String path) throws IOException, InterruptedException {
        return debugfs(image, "cat " + path);
    }

    /** The entries of directory {@code dir}, without "." and "..". */
    public static List<Entry> ls(Path image, String dir) throws IOException, InterruptedException {
        List<Entry> out = new ArrayList<>();
        for (String line : debugfs(image, "ls -p " + dir).lines().toList()) {
            String[] f = line.split("/", -1);
            if (f.length < 7 || f[5].equals(".") || f[5].equals("..")) continue;
            out.add(new Entry(f[5], Integer.parseInt(f[2], 8), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    f[6].isEmpty() ? 0 : Long.parseLong(f[6])));
        }
        return out;
    }

    /** The target of the symbolic link at {@code path}. */
    public static String readlink(Path image, String path) throws IOException, InterruptedException {
        String stat = debugfs(image, "stat " + path);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Fast link dest: \"(.*)\"").matcher(stat);
        if (!m.find()) throw new AssertionError(path + " is not a (fast) symbolic link in " + image + ":\n" + stat);
        return m.group(1);
    }

    /** {@code e2fsck -fn IMAGE}: exit code 0 when the file system is clean (it changes nothing). */
    public static Oracles.Result fsck(Path image) throws IOException, InterruptedException {
        return exec(List.of("e2fsck", "-fn", image.toString()));
    }

    /** debugfs's output of one request; its complaints (stderr past the version banner) fail the test. */
    static String debugfs(Path image, String request) throws IOException, InterruptedException {
        Oracles.Result r = exec(List.of("debugfs", "-R", request, image.toString()));
        String complaints = r.err().lines().filter(l -> !l.startsWith("debugfs ")).reduce("", (a, b) -> a + b + "\n");
        if (r.exitCode() != 0 || !complaints.isEmpty()) {
            throw new AssertionError("debugfs -R '" + request + "' " + image + " failed (" + r.exitCode() + "): " + complaints.strip());
        }
        return r.out();
    }

    private static Oracles.Result exec(List<String> cmd) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(cmd);
        argv.set(0, tool(cmd.get(0)));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 120 s");
        }
        return new Oracles.Result(p.exitValue(), out.join(), err.join(), false);
    }

    /** The e2fsprogs tool's path (in /sbin, which a user's PATH may lack). */
    private static String tool(String name) {
        for (String dir : ("/usr/sbin:/sbin:" + System.getenv().getOrDefault("PATH", "")).split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
        }
        throw new AssertionError(name + " is not installed: run bin/jpseries-deps (e2fsprogs)");
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
