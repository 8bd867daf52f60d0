package org.jpseries.virtio;

/**
 * A driver error found on a ring or in a request (QEMU's virtio_error): the device stops and
 * asks for a reset ({@link Virtio#STATUS_NEEDS_RESET}); it never reaches a vCPU.
 */
public final class VirtioError extends Exception {
    public VirtioError(String message) {
        super(message, null, false, false);
    }
}
