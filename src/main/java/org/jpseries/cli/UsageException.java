package org.jpseries.cli;

/** A command-line or boot-input error: the message is printed as one line, then jpseries exits 1. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
