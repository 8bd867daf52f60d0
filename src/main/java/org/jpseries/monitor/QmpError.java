package org.jpseries.monitor;

/**
 * A failed QMP command: QEMU's error class (qapi/error.json ErrorClass: GenericError,
 * CommandNotFound, ...) and its human-readable description.
 */
final class QmpError extends Exception {
    static final String GENERIC = "GenericError", COMMAND_NOT_FOUND = "CommandNotFound";

    final String errorClass;

    QmpError(String errorClass, String desc) {
        super(desc, null, false, false);
        this.errorClass = errorClass;
    }

    static QmpError generic(String desc) {
        return new QmpError(GENERIC, desc);
    }
}
