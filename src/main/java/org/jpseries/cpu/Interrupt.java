package org.jpseries.cpu;

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
}
