/**
 * Executing guest code, above the instruction semantics ({@code cpu.insn}) and the block
 * compiler ({@code cpu.jit}): {@link org.jpseries.cpu.exec.Interpreter} (the dispatch loop,
 * instruction boundaries, interrupts handed to the {@code CpuEnvironment}) and
 * {@link org.jpseries.cpu.exec.DecodedPage} (a page's decoded slots and compiled blocks,
 * hanging off its {@code memory.Page}).
 */
package org.jpseries.cpu.exec;
