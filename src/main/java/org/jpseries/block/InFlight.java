package org.jpseries.block;

/**
 * The requests of one backend that have started and not finished, as QEMU's bs->in_flight
 * (block/io.c bdrv_inc_in_flight, bdrv_drain, bdrv_drained_begin/end). I/O threads bracket each
 * request with {@link #begin}/{@link #end}; the control thread drains (waits until none is in
 * flight), or opens a drained section in which new requests wait until it ends. After
 * {@link #close} every new request fails. One monitor guards the counts.
 */
final class InFlight {
    private int running, quiesced;
    private boolean closed;

    synchronized void begin() throws BlockIoException {
        boolean interrupted = false;
        while (quiesced > 0 && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (closed) throw new BlockIoException(BlockIoException.EBADF, "the drive is closed");
        running++;
    }

    synchronized void end() {
        if (--running == 0) notifyAll();
    }

    synchronized int count() {
        return running;
    }

    /** Waits until no request is in flight; an interrupt is kept for the caller and does not end the wait. */
    synchronized void drain() {
        boolean interrupted = false;
        while (running > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    synchronized void drainedBegin() {
        quiesced++;
        drain();
    }

    synchronized void drainedEnd() {
        if (quiesced == 0) throw new IllegalStateException("drained section ended twice");
        if (--quiesced == 0) notifyAll();
    }

    /** Refuses new requests (those waiting in a drained section too) and waits for the running ones. */
    synchronized void close() {
        closed = true;
        notifyAll();
        drain();
    }
}
