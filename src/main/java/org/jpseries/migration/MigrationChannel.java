package org.jpseries.migration;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open outgoing migration: the stream to the destination and, for transports that have one
 * (tcp:, unix:), the return path from it ({@link ReturnPath}; null otherwise). Closing it
 * finishes the transfer (waits for exec:'s command) and closes the connection.
 */
public record MigrationChannel(OutputStream out, InputStream back, Closeable connection) implements Closeable {
    /** A channel without a return path. */
    public MigrationChannel(OutputStream out) {
        this(out, null, out);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            if (connection != out) connection.close();
        }
    }

    /**
     * An accepted incoming migration: the stream from the source and, for tcp: and unix:, the
     * return path to it (null otherwise).
     */
    public record Incoming(InputStream in, OutputStream back, Closeable connection) implements Closeable {
        public Incoming(InputStream in) {
            this(in, null, in);
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                if (connection != in) connection.close();
            }
        }
    }
}
