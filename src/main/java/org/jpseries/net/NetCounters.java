package org.jpseries.net;

/**
 * Frames a backend has moved: {@code sent} to the peer, {@code dropped} from the guest with no
 * peer connected (or on a failed write), {@code received} from the peer and handed to the
 * device, {@code discarded} from the peer with no device attached or purged from the queue.
 */
public record NetCounters(long sent, long dropped, long received, long discarded) {}
