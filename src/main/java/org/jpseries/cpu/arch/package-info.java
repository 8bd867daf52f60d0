/**
 * Architected names shared by the CPU and its MMU (PowerISA 3.0 Book III), below both
 * {@code cpu} and {@code mmu}: {@link org.jpseries.cpu.arch.Interrupt} (interrupt kinds, their
 * vectors and SRR1 cause bits), {@link org.jpseries.cpu.arch.GuestInterrupt} (an interrupt thrown
 * by an instruction or a translation before it changes state) and
 * {@link org.jpseries.cpu.arch.Spr} (SPR numbers and field bits). The translators raise
 * interrupts and read SPRs through these without depending on {@code cpu.Cpu}.
 */
package org.jpseries.cpu.arch;
