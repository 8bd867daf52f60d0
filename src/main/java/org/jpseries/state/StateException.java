package org.jpseries.state;

/**
 * A state section or stream that cannot be loaded: the message names the section (and field)
 * and says why, in one line, for the user (a bad stream is refused, never half-loaded).
 */
public final class StateException extends Exception {
    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
