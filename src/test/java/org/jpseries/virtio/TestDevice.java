package org.jpseries.virtio;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A device with one queue of 16 that records each chain it is given and uses it with 0 bytes; 4 bytes of configuration. */
final class TestDevice extends VirtioDevice {
    final List<VirtQueueElement> seen = new ArrayList<>();

    TestDevice(boolean accessPlatform) {
        super("test", Virtio.ID_RNG, 0, accessPlatform, 16);
    }

    @Override
    public int configSize() {
        return 4;
    }

    @Override
    protected void fillConfig(ByteBuffer cfg) {
        cfg.putInt(0, 0x11223344);
    }

    @Override
    protected void handleQueue(VirtQueue q) throws VirtioError {
        drainQueue(q, e -> {
            seen.add(e);
            q.push(e, 0);
            notifyQueue(q);
            return true;
        });
    }
}
