package org.jpseries.spapr;

/** A boot input that cannot work (bad kernel, initrd too big...): one line for the user. */
public final class BootException extends Exception {
    public BootException(String message) {
        super(message);
    }
}
