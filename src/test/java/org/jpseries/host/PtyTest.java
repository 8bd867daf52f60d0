package org.jpseries.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A pty: the slave exists, bytes pass unchanged (raw mode) both ways, output is dropped with no reader. */
class PtyTest {
    @Test
    void bytesPassBetweenMasterAndSlave() throws Exception {
        try (Pty pty = Pty.open()) {
            assertTrue(pty.slavePath().toString().startsWith("/dev/pts/"), pty.slavePath().toString());
            assertTrue(Files.exists(pty.slavePath()));
            assertFalse(pty.connected(), "nobody has the slave open yet");
            OutputStream toSlave = pty.outputStream();
            toSlave.write("lost\n".getBytes(StandardCharsets.US_ASCII)); // dropped: no reader
            try (RandomAccessFile slave = new RandomAccessFile(pty.slavePath().toFile(), "rw")) {
                assertTrue(pty.connected());
                byte[] out = "guest\r\nline\n".getBytes(StandardCharsets.US_ASCII);
                toSlave.write(out);
                byte[] got = new byte[out.length];
                slave.readFully(got);
                assertArrayEquals(out, got, "raw mode: no CR/LF translation, nothing dropped while connected");
                byte[] typed = "ls\r\u0003".getBytes(StandardCharsets.US_ASCII);
                slave.write(typed);
                InputStream fromSlave = pty.inputStream();
                byte[] in = fromSlave.readNBytes(typed.length);
                assertArrayEquals(typed, in, "raw mode: no echo, no signals, bytes unchanged");
            }
        }
    }
}
