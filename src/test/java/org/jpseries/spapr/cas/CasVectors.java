package org.jpseries.spapr.cas;

/** Public access to the Linux CAS image for tests in other packages. */
public final class CasVectors {
    private CasVectors() {}

    public static byte[] linux61(int intarch, int mmu, int radixExt) {
        return LinuxArchVec.build(intarch, mmu, radixExt, 2048);
    }
}
