package org.jpseries.cpu.arch;

/**
 * Interrupt kinds a partition can take, with their vectors (PowerISA 3.0 Book III 7.5). In user
 * mode the environment turns them into signals instead.
 */
public enum Interrupt {
    SYSTEM_RESET(0x100), MACHINE_CHECK(0x200), DATA_STORAGE(0x300), DATA_SEGMENT(0x380),
    INSTRUCTION_STORAGE(0x400), INSTRUCTION_SEGMENT(0x480), EXTERNAL(0x500), ALIGNMENT(0x600),
    PROGRAM(0x700), FP_UNAVAILABLE(0x800), DECREMENTER(0x900), DOORBELL(0xA00), SYSTEM_CALL(0xC00), TRACE(0xD00),
    VMX_UNAVAILABLE(0xF20), VSX_UNAVAILABLE(0xF40), FACILITY_UNAVAILABLE(0xF60);

    public final int vector;

    Interrupt(int vector) {
        this.vector = vector;
    }

    /** Program interrupt reasons, as SRR1 bits 43..47 (Book III 7.5.9). */
    public static final long PROGRAM_FP = 1L << (63 - 43);
    public static final long PROGRAM_ILLEGAL = 1L << (63 - 44);
    public static final long PROGRAM_PRIVILEGED = 1L << (63 - 45);
    public static final long PROGRAM_TRAP = 1L << (63 - 46);

    /** Machine check SRR1 bit 42: the error was caused by a load or store (Book III 7.5.2). */
    public static final long SRR1_MC_LOADSTORE = 1L << (63 - 42);
    /**
     * The machine-check codes QEMU's POWER8/9/10 models report for an access to nothing
     * (ppc_cpu_do_transaction_failed): SRR1 bits 42 for a load (with DSISR bit 57), 36|42|43|45
     * for a store, 36|44|45 for an instruction fetch.
     */
    public static final long MC_LOAD = SRR1_MC_LOADSTORE,
            MC_STORE = 1L << (63 - 36) | SRR1_MC_LOADSTORE | 1L << (63 - 43) | 1L << (63 - 45),
            MC_FETCH = 1L << (63 - 36) | 1L << (63 - 44) | 1L << (63 - 45);
}
