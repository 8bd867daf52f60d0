package org.jpseries.user;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The termios translation between powerpc (arch/powerpc/include/uapi/asm/termbits.h) and the
 * host's generic layout (include/uapi/asm-generic/termbits.h), checked on named flags of both.
 */
class TerminalTest {
    @Test
    void localFlagsMapByName() {
        // powerpc ISIG 0x80, ICANON 0x100, ECHO 0x8, ECHOE 0x2, IEXTEN 0x400, NOFLSH 0x80000000
        // generic  ISIG 0x1,  ICANON 0x2,   ECHO 0x8, ECHOE 0x10, IEXTEN 0x8000, NOFLSH 0x80
        assertEquals(0x1 | 0x2 | 0x8 | 0x10 | 0x8000 | 0x80,
                Terminal.toHost(0x80 | 0x100 | 0x8 | 0x2 | 0x400 | 0x80000000, Terminal.LFLAG));
        assertEquals(0x100, Terminal.toGuest(0x2, Terminal.LFLAG));
    }

    @Test
    void inputOutputAndControlFlagsMapByName() {
        // IXON: powerpc 0x200, generic 0x400; IUCLC: 0x1000 / 0x200; ICRNL the same 0x100
        assertEquals(0x400 | 0x100, Terminal.toHost(0x200 | 0x100, Terminal.IFLAG));
        assertEquals(0x1000, Terminal.toGuest(0x200, Terminal.IFLAG));
        // ONLCR: powerpc 0x2, generic 0x4
        assertEquals(0x4 | 0x1, Terminal.toHost(0x2 | 0x1, Terminal.OFLAG));
        // CREAD: powerpc 0x800, generic 0x80; CLOCAL 0x8000 / 0x800
        assertEquals(0x80 | 0x800, Terminal.toHost(0x800 | 0x8000, Terminal.CFLAG));
    }

    @Test
    void mappingsAreOneToOne() {
        for (int[][] map : new int[][][] {Terminal.IFLAG, Terminal.OFLAG, Terminal.CFLAG, Terminal.LFLAG}) {
            Set<Integer> g = new HashSet<>(), h = new HashSet<>();
            for (int[] m : map) {
                assertEquals(1, Integer.bitCount(m[0]));
                assertEquals(1, Integer.bitCount(m[1]));
                assertTrue(g.add(m[0]) && h.add(m[1]));
                assertEquals(m[0], Terminal.toGuest(Terminal.toHost(m[0], map), map));
            }
        }
    }

    @Test
    void controlCharactersMoveToTheirSlots() {
        // powerpc VMIN is 5 and VTIME 7; generic VMIN is 6 and VTIME 5; VSUSP 12 vs 10
        assertEquals(6, Terminal.CC_MAP[5]);
        assertEquals(5, Terminal.CC_MAP[7]);
        assertEquals(10, Terminal.CC_MAP[12]);
        Set<Integer> slots = new HashSet<>();
        for (int s : Terminal.CC_MAP) assertTrue(slots.add(s) && s < 19);
    }
}
