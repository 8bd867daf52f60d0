package org.jpseries.busybox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.diff.Oracles;

/** The guest software of bin/jpseries-fetch (Debian's busybox-static, the initramfs), fetched on first use. */
final class Busybox {
    private static Path busybox;
    private static Path initrd;

    private Busybox() {}

    static synchronized Path binary() {
        if (busybox == null) busybox = fetch("busybox");
        return busybox;
    }

    static synchronized Path initrd() {
        if (initrd == null) initrd = fetch("initrd");
        return initrd;
    }

    /** Runs {@code bin/jpseries-fetch -q --print WHAT} with the caller's environment (its cache lives under HOME). */
    private static Path fetch(String what) {
        Path script = Oracles.home().resolve("bin/jpseries-fetch");
        try {
            Process p = new ProcessBuilder(script.toString(), "-q", "--print", what).start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            String out = drain(p.getInputStream()).strip();
            if (!p.waitFor(900, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/jpseries-fetch --print " + what + " did not finish in 900 s");
            }
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new AssertionError("bin/jpseries-fetch --print " + what + " failed: " + err.join().strip());
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

    private static String drain(InputStream s) {
        try (s) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            s.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
