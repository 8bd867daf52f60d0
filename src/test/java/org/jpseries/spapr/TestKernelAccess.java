package org.jpseries.spapr;

/** Synthetic kernels for tests outside this package. */
public final class TestKernelAccess {
    private TestKernelAccess() {}

    public static byte[] elf(boolean littleEndian, long memsz) {
        return TestKernel.elf(littleEndian, 21, new byte[0x1000], memsz, 0);
    }
}
