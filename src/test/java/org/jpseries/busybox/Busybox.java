package org.jpseries.busybox;

import java.nio.file.Path;
import org.jpseries.diff.Oracles;

/** The guest software of bin/jpseries-fetch (Debian's busybox-static, the initramfs), fetched on first use. */
final class Busybox {
    private Busybox() {}

    static Path binary() {
        return Oracles.fetched("busybox");
    }

    static Path initrd() {
        return Oracles.fetched("initrd");
    }
}
