package org.jpseries.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Makes the backends of a machine's {@code -netdev}s at machine start (QEMU's net_init_clients). */
public final class Netdevs {
    private Netdevs() {}

    /** The backend of one netdev, not yet started; warnings go to {@code warnings}, one line each. */
    public static NetBackend create(NetdevSpec spec, Consumer<String> warnings) {
        return switch (spec.type()) {
            case SOCKET, STREAM -> new StreamBackend(spec, warnings);
            case DGRAM -> new DgramBackend(spec, (Endpoint.Inet) spec.remote(), warnings);
        };
    }

    /**
     * Creates and starts every netdev in order, by id; if one cannot start, those already
     * started are closed and its error is thrown.
     */
    public static Map<String, NetBackend> open(List<NetdevSpec> specs, Consumer<String> warnings) throws NetdevException {
        Map<String, NetBackend> out = new LinkedHashMap<>();
        List<NetBackend> started = new ArrayList<>();
        try {
            for (NetdevSpec s : specs) {
                NetBackend b = create(s, warnings);
                b.start();
                started.add(b);
                out.put(s.id(), b);
            }
        } catch (NetdevException | RuntimeException e) {
            for (NetBackend b : started) b.close();
            throw e;
        }
        return out;
    }
}
