package org.jpseries.net;

/**
 * A netdev that cannot start: the message is QEMU's line after its program name, already
 * prefixed with the option as given ("-netdev socket,id=n0,listen=...: can't bind ...").
 */
public final class NetdevException extends Exception {
    public NetdevException(String message) {
        super(message);
    }
}
