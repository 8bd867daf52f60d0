package org.jpseries.spapr.rtas;

import java.nio.ByteBuffer;
import java.time.LocalDateTime;

/**
 * The RTAS error log of an EPOW "normal system shutdown" event, laid out as PAPR's version 6
 * event log (PAPR 10.3.2, and QEMU spapr_powerdown_req): the fixed 8-byte header (summary word,
 * extended length), the extended-log header ("IBM" company), then three sections: Main-A "PH"
 * (creation date and time in BCD, creator 'H' = hypervisor, the platform log id), Main-B "UH"
 * (external environment, informational, normal shutdown) and the EPOW section "EP" with action
 * 3 (system shutdown), modifier 1 (normal) and extended modifier 1 (partition specific).
 * Linux's ras.c finds the "EP" section and runs orderly_poweroff. Everything is big-endian.
 */
public final class EpowLog {
    private EpowLog() {}

    public static final int SUMMARY_VERSION_6 = 0x0600_0000, SEVERITY_EVENT = 0x0020_0000,
            DISPOSITION_NOT_RECOVERED = 0x0010_0000, OPTIONAL_PART_PRESENT = 0x0004_0000, TYPE_EPOW = 0x40;
    public static final int SECTION_MAINA = 0x5048, SECTION_MAINB = 0x5548, SECTION_EPOW = 0x4550; // "PH", "UH", "EP"
    public static final int ACTION_SYSTEM_SHUTDOWN = 3, MODIFIER_NORMAL = 1, XMODIFIER_PARTITION_SPECIFIC = 1;

    static final int HEADER = 8, V6_HEADER = 16, MAINA = 48, MAINB = 24, EPOW = 20;
    public static final int SIZE = HEADER + V6_HEADER + MAINA + MAINB + EPOW;

    /** Builds the log for a shutdown request made at guest time {@code now}, with platform log id {@code plid}. */
    public static byte[] systemShutdown(LocalDateTime now, int plid) {
        ByteBuffer b = ByteBuffer.allocate(SIZE); // big-endian, zero-filled
        // fixed part: version 6, an event, not recovered, extended part present, type EPOW
        b.putInt(SUMMARY_VERSION_6 | SEVERITY_EVENT | DISPOSITION_NOT_RECOVERED | OPTIONAL_PART_PRESENT | TYPE_EPOW);
        b.putInt(SIZE - HEADER);
        // extended log header: valid, new log, big-endian; PowerPC format, platform event; "IBM\0"
        int v6 = b.position();
        b.put(v6, (byte) (0x80 | 0x04 | 0x02));
        b.put(v6 + 2, (byte) (0x80 | 0x0e));
        b.putInt(v6 + 12, 0x49424d00);
        b.position(v6 + V6_HEADER);
        // Main-A: creation date YYYYMMDD and time HHMMSS00 in BCD, creator, section count, PLID
        int a = section(b, SECTION_MAINA, MAINA, 0);
        b.putInt(a + 8, bcd(now.getYear() / 100) << 24 | bcd(now.getYear() % 100) << 16 | bcd(now.getMonthValue()) << 8
                | bcd(now.getDayOfMonth()));
        b.putInt(a + 12, bcd(now.getHour()) << 24 | bcd(now.getMinute()) << 16 | bcd(now.getSecond()) << 8);
        b.put(a + 24, (byte) 'H');
        b.put(a + 27, (byte) 3);
        b.putInt(a + 40, plid);
        // Main-B: subsystem "external environment", severity informational, subtype "normal shutdown"
        int m = section(b, SECTION_MAINB, MAINB, 0);
        b.put(m + 8, (byte) 0xa0);
        b.put(m + 10, (byte) 0x00);
        b.put(m + 11, (byte) 0xd0);
        // EPOW: section version 2 carries the extended modifier
        int e = section(b, SECTION_EPOW, EPOW, 2);
        b.put(e + 8, (byte) ACTION_SYSTEM_SHUTDOWN);
        b.put(e + 9, (byte) MODIFIER_NORMAL);
        b.put(e + 10, (byte) XMODIFIER_PARTITION_SPECIFIC);
        return b.array();
    }

    /** Writes a section header (id, length, version) at the current position and moves past the section. */
    private static int section(ByteBuffer b, int id, int length, int version) {
        int at = b.position();
        b.putShort(at, (short) id);
        b.putShort(at + 2, (short) length);
        b.put(at + 4, (byte) version);
        b.position(at + length);
        return at;
    }

    static int bcd(int v) {
        return (v / 10) << 4 | (v % 10);
    }
}
