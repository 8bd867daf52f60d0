package org.jpseries.migration;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * exec: migration (QEMU migration/exec.c): the command runs under /bin/sh -c with the stream on
 * its standard input (outgoing) or its standard output (incoming); its standard error is the
 * emulator's. Closing the stream waits for the command; a non-zero exit status is an error.
 */
final class ExecStream {
    private ExecStream() {}

    static OutputStream output(String command) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new FilterOutputStream(new java.io.BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    waitFor(p, command);
                }
            }
        };
    }

    static InputStream input(String command) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new FilterInputStream(p.getInputStream()) {
            @Override
            public void close() throws IOException {
                super.close();
                p.destroy();
            }
        };
    }

    private static void waitFor(Process p, String command) throws IOException {
        try {
            int rc = p.waitFor();
            if (rc != 0) throw new IOException("exec:" + command + " exited with status " + rc);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for exec:" + command);
        }
    }
}
