package org.jpseries.migration;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A migration URI as QEMU's migrate / -incoming take it (migration/migration.c
 * qemu_start_outgoing_migration): {@code file:PATH}, {@code exec:COMMAND} (run by /bin/sh with
 * the stream on its standard input, or read from its standard output when incoming) and
 * {@code fd:NAME} (a descriptor passed with getfd, or a number inherited by an incoming side).
 */
public record MigrationUri(Scheme scheme, String target) {
    public enum Scheme { FILE, EXEC, FD }

    /** Resolves {@code fd:NAME}: the monitor's getfd store, or an inherited descriptor number. */
    public interface FdSource {
        OutputStream output(String name) throws IOException;

        InputStream input(String name) throws IOException;
    }

    /** Parses a URI; the message is QEMU's kind for an unknown or empty one. */
    public static MigrationUri parse(String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon);
        String rest = colon < 0 ? "" : uri.substring(colon + 1);
        Scheme s = switch (scheme) {
            case "file" -> Scheme.FILE;
            case "exec" -> Scheme.EXEC;
            case "fd" -> Scheme.FD;
            case "tcp", "unix", "rdma", "vsock" -> throw new IllegalArgumentException(
                    "Migration over '" + scheme + "' is not supported yet (file:, exec: and fd: are)");
            default -> throw new IllegalArgumentException("unknown migration protocol: " + uri);
        };
        if (rest.isEmpty()) throw new IllegalArgumentException("migration URI '" + uri + "' names no target");
        return new MigrationUri(s, rest);
    }

    /**
     * The destination of an outgoing stream; closing it finishes the transfer (waits for exec's
     * command). {@code fds} resolves fd:NAME; null means an inherited descriptor number.
     */
    public OutputStream openOutput(FdSource fds) throws IOException {
        OutputStream out = switch (scheme) {
            case FILE -> new FileOutputStream(Path.of(target).toFile());
            case EXEC -> ExecStream.output(target);
            case FD -> (fds != null ? fds : new InheritedFds()).output(target);
        };
        return new java.io.BufferedOutputStream(out, 1 << 16);
    }

    /** The source of an incoming stream. */
    public InputStream openInput(FdSource fds) throws IOException {
        return switch (scheme) {
            case FILE -> new FileInputStream(Path.of(target).toFile());
            case EXEC -> ExecStream.input(target);
            case FD -> (fds != null ? fds : new InheritedFds()).input(target);
        };
    }

    @Override
    public String toString() {
        return scheme.name().toLowerCase(java.util.Locale.ROOT) + ":" + target;
    }
}
