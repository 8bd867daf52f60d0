package org.jpseries.cli;

/**
 * {@code jpseries}: the pseries system emulator. The command line is parsed as
 * qemu-system-ppc64's; the machine itself arrives with the boot issue.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("jpseries: the pseries system emulator is not implemented yet; "
                + "use bin/jpseries-user to run ppc64le Linux programs");
        System.exit(1);
    }
}
