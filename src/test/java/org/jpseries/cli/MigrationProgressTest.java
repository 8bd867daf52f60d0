package org.jpseries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.migration.MigrationStatus;
import org.junit.jupiter.api.Test;

/** The progress line printed on a terminal while a migration runs. */
class MigrationProgressTest {
    @Test
    void theLineSaysWhereTheMigrationIs() {
        MigrationStatus m = new MigrationStatus();
        m.start(1L << 30);
        m.set(MigrationStatus.Status.ACTIVE);
        m.pass(2, 37L << 20, 100, 1074, 250);
        m.progress(412L << 20);
        assertEquals("migration: active, pass 2, 412 MiB sent, 37 MiB left, 1074 Mbit/s", MigrationProgress.line(m));
        m.failed("the destination refused the stream: section machine: x");
        assertEquals("migration: failed: the destination refused the stream: section machine: x", MigrationProgress.line(m));
        m.requestCancel();
        m.start(1L << 30);
        m.completed(42);
        assertEquals("migration: completed in " + m.totalMillis() + " ms, downtime 42 ms, 0 MiB sent", MigrationProgress.line(m));
    }
}
