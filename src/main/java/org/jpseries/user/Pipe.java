package org.jpseries.user;

import java.nio.file.Path;

/**
 * A pipe inside the one guest process (pipe2): a growable byte queue with a read end and a write
 * end. There is no other thread to wait for, so reading an empty pipe whose writer is still
 * open fails with EAGAIN instead of blocking forever, and writes never block.
 */
public final class Pipe {
    private byte[] buf = new byte[4096];
    private int head, count;
    private int readers = 1, writers = 1;

    public final End readEnd = new End(true, OpenFlags.O_RDONLY);
    public final End writeEnd = new End(false, OpenFlags.O_WRONLY);

    public final class End extends OpenFile {
        private final boolean reader;

        End(boolean reader, int flags) {
            super(flags);
            this.reader = reader;
        }

        @Override
        public int read(byte[] b, int off, int len) throws SyscallError {
            if (!reader) throw new SyscallError(Errno.EBADF);
            if (count == 0) {
                if (writers == 0 || len == 0) return 0;
                throw new SyscallError(Errno.EAGAIN);
            }
            int n = Math.min(len, count);
            for (int i = 0; i < n; i++) b[off + i] = buf[(head + i) % buf.length];
            head = (head + n) % buf.length;
            count -= n;
            return n;
        }

        @Override
        public int write(byte[] b, int off, int len) throws SyscallError {
            if (reader) throw new SyscallError(Errno.EBADF);
            if (readers == 0) throw new SyscallError(Errno.EPIPE);
            if (count + len > buf.length) {
                byte[] nb = new byte[Math.max(buf.length * 2, count + len)];
                for (int i = 0; i < count; i++) nb[i] = buf[(head + i) % buf.length];
                buf = nb;
                head = 0;
            }
            for (int i = 0; i < len; i++) buf[(head + count + i) % buf.length] = b[off + i];
            count += len;
            return len;
        }

        @Override
        public int available() {
            return reader ? count : 0;
        }

        /** Readable when data is queued or the writer is gone (poll). */
        public boolean readReady() {
            return count > 0 || writers == 0;
        }

        @Override
        public boolean writeReady() {
            return !reader;
        }

        @Override
        public Path path() {
            return null;
        }

        @Override
        protected void close() {
            if (reader) readers--;
            else writers--;
        }
    }
}
