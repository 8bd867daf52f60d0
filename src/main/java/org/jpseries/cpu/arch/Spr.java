package org.jpseries.cpu.arch;

/**
 * Special purpose register numbers of Book III-S (PowerISA 3.0 Book III 4.3/5/6/8/9 and the SPR
 * table of Book III 5.4.4) and who may access them from inside a partition, as QEMU registers them
 * for its POWER8/POWER9 models (target/ppc/cpu_init.c) when the CPU runs under a virtual
 * hypervisor. Hypervisor-only registers are known to the table but grant the partition no access:
 * mtspr/mfspr of them in supervisor state is a privileged-instruction program interrupt, which is
 * what QEMU's pseries delivers (the emulator keeps their values as the partition's hypervisor).
 */
public final class Spr {
    private Spr() {}

    // ---- numbers ----
    public static final int AMR_USER = 13, DSCR = 17, DSISR = 18, DAR = 19, DEC = 22, SDR1 = 25, SRR0 = 26,
            SRR1 = 27, CFAR = 28, AMR = 29, PIDR = 48, IAMR = 61, CTRL_READ = 136, CTRL_WRITE = 152,
            FSCR = 153, UAMOR = 157, PSPB = 159, DPDES = 176, DAWR0 = 180, CIABR = 187, DAWRX0 = 188,
            HFSCR = 190, SPRG3_USER = 259, SPRG0 = 272, SPRG1 = 273, SPRG2 = 274, SPRG3 = 275, TBL_WRITE = 284,
            TBU_WRITE = 285, TBU40 = 286, PVR = 287, HSPRG0 = 304, HSPRG1 = 305, HDSISR = 306, HDAR = 307,
            SPURR = 308, PURR = 309, HDEC = 310, HIOR = 311, RMOR = 312, HRMOR = 313, HSRR0 = 314, HSRR1 = 315,
            LPCR = 318, LPIDR = 319, HMER = 336, HMEER = 337, PCR = 338, HEIR = 339, AMOR = 349, TIR = 446,
            PTCR = 464, USPRG_SIER = 768, SIER = 784, MMCR2 = 785, MMCRA = 786, PMC1 = 787, PMC6 = 792,
            MMCR0 = 795, SIAR = 796, SDAR = 797, MMCR1 = 798, EBBHR = 804, EBBRR = 805, BESCR = 806,
            PSSCR = 855, PSSCR_HV = 823, HID0 = 1008, PIR = 1023;

    // ---- LPCR fields (Book III 2.2): the hypervisor's controls of how the partition runs ----
    /** Interrupt Little-Endian: interrupts set MSR[LE] to this (H_SET_MODE resource 4). */
    public static final long LPCR_ILE = 1L << (63 - 38);
    /** Alternate Interrupt Location, bits 39:40 (H_SET_MODE resource 3). */
    public static final int LPCR_AIL_SHIFT = 63 - 40;
    /** Large decrementer mode. */
    public static final long LPCR_LD = 1L << (63 - 46);
    /** Guest translation shootdown enable: tlbie allowed to the partition (radix). */
    public static final long LPCR_GTSE = 1L << (63 - 53);
    public static final long LPCR_HR = 1L << (63 - 43), LPCR_UPRT = 1L << (63 - 41);
    /** The LPCR fields of those above that ISA 3.00 added (QEMU's POWER8 lpcr_mask lacks them). */
    public static final long LPCR_ISA300 = LPCR_LD | LPCR_HR | LPCR_UPRT | LPCR_GTSE;

    // ---- access classes: bit 0/1 problem-state read/write, bit 2/3 privileged read/write ----
    public static final byte UR = 1, UW = 2, SR = 4, SW = 8, URW = UR | UW, SRW = SR | SW;
    /** Known in the model but hypervisor-only: the partition may not touch it. */
    public static final byte HV = 16;
    /** Handled by code rather than plain storage (time base, DEC, PURR, aliases...). */
    public static final byte SPECIAL = 32;

    private static final byte[] ACCESS = new byte[1024];
    /** Minimum ISA version (IsaLevel units) at which each SPR exists. */
    private static final short[] SINCE = new short[1024];

    private static void def(int n, int access, int since) {
        ACCESS[n] = (byte) access;
        SINCE[n] = (short) since;
    }

    static {
        def(AMR_USER, URW | SRW | SPECIAL, 206);
        def(DSCR, SRW | SPECIAL, 206);
        def(DSISR, SRW, 200);
        def(DAR, SRW, 200);
        def(DEC, SRW | SPECIAL, 200);
        def(SRR0, SRW, 200);
        def(SRR1, SRW, 200);
        def(CFAR, SRW, 205);
        def(AMR, SRW, 206);
        def(PIDR, SRW, 300);
        def(IAMR, SRW, 207);
        def(CTRL_READ, UR | SR | SPECIAL, 200);
        def(CTRL_WRITE, SW | SPECIAL, 200);
        def(FSCR, SRW, 207);
        def(UAMOR, SRW, 206);
        def(PSPB, SRW, 207);
        def(SPRG3_USER, UR | SR | SPECIAL, 200);
        for (int n = SPRG0; n <= SPRG3; n++) def(n, SRW, 200);
        def(PVR, SR, 200);
        def(PURR, SR | SPECIAL, 205);
        def(SPURR, SR | SPECIAL, 205);
        def(TIR, SR, 207);
        def(PIR, SR, 200);
        def(SIER, SRW, 207);
        def(MMCR2, SRW, 207);
        def(MMCRA, SRW, 200);
        for (int n = PMC1; n <= PMC6; n++) def(n, SRW, 200);
        def(MMCR0, SRW, 200);
        def(SIAR, SRW, 200);
        def(SDAR, SRW, 200);
        def(MMCR1, SRW, 200);
        // problem-state read-only copies of the performance monitor registers (Book III 9.4)
        for (int n = USPRG_SIER; n <= USPRG_SIER + 14; n++) {
            if (n != USPRG_SIER + 9 && n != USPRG_SIER + 10) def(n, UR | SR | SPECIAL, 200);
        }
        def(EBBHR, URW | SRW, 207);
        def(EBBRR, URW | SRW, 207);
        def(BESCR, URW | SRW, 207);
        def(PSSCR, SRW, 300);
        for (int n : new int[] {SDR1, DPDES, DAWR0, CIABR, DAWRX0, HFSCR, TBL_WRITE, TBU_WRITE, TBU40, HSPRG0,
                HSPRG1, HDSISR, HDAR, HDEC, HIOR, RMOR, HRMOR, HSRR0, HSRR1, LPCR, LPIDR, HMER, HMEER, PCR, HEIR,
                AMOR, PTCR, PSSCR_HV, HID0}) {
            def(n, HV, 200);
        }
    }

    /** Whether SPR {@code n} exists on a CPU of the given ISA level. */
    public static boolean defined(int n, int isaVersion) {
        return ACCESS[n] != 0 && SINCE[n] <= isaVersion;
    }

    public static int access(int n) {
        return ACCESS[n];
    }

    /**
     * Whether SPR {@code n} of a CPU of that ISA level keeps its value in its own slot of
     * {@link SystemRegisters#spr}: every defined SPR except the {@link #SPECIAL} ones, which are
     * computed (DEC, PURR, SPURR), aliases of another slot or a {@link Cpu} field (AMR_USER,
     * SPRG3_USER, the PMU's problem-state copies, DSCR) or a write port (CTRL_WRITE); CTRL_READ
     * is special only in being read through CTRL_WRITE's latch, so it keeps its slot
     * (SupervisorSpr's reader and writer). These are the SPRs a vCPU's saved state carries.
     */
    public static boolean stored(int n, int isaVersion) {
        return defined(n, isaVersion) && ((ACCESS[n] & SPECIAL) == 0 || n == CTRL_READ);
    }
}
