package org.jpseries.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    static byte[] frame(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void encodesTheLengthBigEndianBeforeTheBytes() {
        byte[] f = {1, 2, 3};
        assertArrayEquals(new byte[] {0, 0, 0, 3, 1, 2, 3}, Framing.encode(f, 0, 3));
        byte[] h = new byte[4];
        Framing.putHeader(h, 0, 0x11000 + 0x22);
        assertArrayEquals(new byte[] {0, 1, 0x10, 0x22}, h);
    }

    @Test
    void reassemblesFramesSplitAtEveryByte() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<byte[]> sent = new ArrayList<>();
        for (int size : new int[] {60, 1, 1514, 65535, Framing.MAX_FRAME, 7}) {
            byte[] f = frame(size, size);
            sent.add(f);
            wire.writeBytes(Framing.encode(f, 0, size));
        }
        byte[] all = wire.toByteArray();
        for (int chunk : new int[] {1, 3, 4, 5, 4096, all.length}) {
            FrameDecoder d = new FrameDecoder();
            List<byte[]> got = new ArrayList<>();
            for (int at = 0; at < all.length; at += chunk) assertTrue(d.feed(all, at, Math.min(chunk, all.length - at), got::add));
            assertEquals(sent.size(), got.size(), "chunk " + chunk);
            for (int i = 0; i < sent.size(); i++) assertArrayEquals(sent.get(i), got.get(i), "chunk " + chunk + " frame " + i);
            assertFalse(d.partial());
        }
    }

    /** net_fill_rstate completes a 0-length frame only when a byte follows its prefix (its loop runs while input is left). */
    @Test
    void anEmptyFrameIsDeliveredOnceTheNextByteArrives() {
        FrameDecoder d = new FrameDecoder();
        List<byte[]> got = new ArrayList<>();
        assertTrue(d.feed(new byte[] {0, 0, 0, 0}, 0, 4, got::add));
        assertEquals(0, got.size());
        assertTrue(d.partial());
        assertTrue(d.feed(new byte[] {0, 0, 0, 1, 9}, 0, 5, got::add));
        assertEquals(2, got.size());
        assertEquals(0, got.get(0).length);
        assertArrayEquals(new byte[] {9}, got.get(1));
    }

    /** A length above NET_BUFSIZE is refused once more than NET_BUFSIZE of its bytes arrived, and the decoder starts over. */
    @Test
    void anOversizedFrameFailsWhenItsBytesPassTheLimit() {
        FrameDecoder d = new FrameDecoder();
        List<byte[]> got = new ArrayList<>();
        byte[] h = new byte[4];
        Framing.putHeader(h, 0, Framing.MAX_FRAME + 1);
        assertTrue(d.feed(h, 0, 4, got::add));
        assertTrue(d.feed(new byte[Framing.MAX_FRAME], 0, Framing.MAX_FRAME, got::add), "exactly the limit still fits");
        assertFalse(d.feed(new byte[1], 0, 1, got::add));
        assertFalse(d.partial());
        assertEquals(0, got.size());
        Framing.putHeader(h, 0, -1); // 4 GiB - 1: never allocated
        FrameDecoder e = new FrameDecoder();
        assertTrue(e.feed(h, 0, 4, got::add));
        assertFalse(e.feed(new byte[Framing.MAX_FRAME + 1], 0, Framing.MAX_FRAME + 1, got::add));
    }
}
