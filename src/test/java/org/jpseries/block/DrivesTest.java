package org.jpseries.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrivesTest {
    @TempDir
    Path dir;

    static DriveSpec spec(String id, Path p) {
        return new DriveSpec(id, p, DriveSpec.IF_NONE, false, CacheMode.WRITEBACK, false, true, true, "-drive file=" + p + ",id=" + id);
    }

    @Test
    void aFailedStartLeavesNoDriveOpenOrLocked() throws Exception {
        Path a = Files.write(dir.resolve("a.raw"), new byte[4096]);
        Path missing = dir.resolve("missing.raw");
        BlockIoException e = assertThrows(BlockIoException.class, () -> Drives.open(List.of(spec("a", a), spec("b", missing)), w -> { }));
        assertEquals("-drive file=" + missing + ",id=b: Could not open '" + missing + "': No such file or directory", e.getMessage());
        // a.raw was opened and locked before b failed: it must be unlocked again
        try (Drives d = Drives.open(List.of(spec("a", a)), w -> { })) {
            assertEquals(4096, d.get("a").size());
            assertNull(d.get("b"));
            d.get("a").write(0, new byte[] {7}, 0, 1);
            d.drainAll();
        }
        assertEquals(7, Files.readAllBytes(a)[0]);
    }
}
