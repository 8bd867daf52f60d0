package org.jpseries.net;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** The other end of a netdev in tests: a plain TCP socket speaking QEMU's framing. */
final class Peer implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;

    Peer(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(s.getInputStream());
    }

    static Peer connect(int port) throws IOException {
        return new Peer(new Socket("127.0.0.1", port));
    }

    /** Connects, retrying while the listener is not up yet (up to 10 s). */
    static Peer connectWhenUp(int port) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new Peer(s);
            } catch (IOException e) {
                if (System.nanoTime() > end) throw e;
                Thread.sleep(20);
            }
        }
    }

    void send(byte[] frame) throws IOException {
        socket.getOutputStream().write(Framing.encode(frame, 0, frame.length));
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    byte[] receive() throws IOException {
        int len = in.readInt();
        byte[] f = new byte[len];
        in.readFully(f);
        return f;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
