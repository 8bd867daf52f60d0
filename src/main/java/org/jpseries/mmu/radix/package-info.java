/**
 * The radix MMU of a POWER9 (ISA 3.00) pseries partition (PowerISA 3.0 Book III 6.7.10-6.7.12),
 * as QEMU runs a guest under its virtual hypervisor: partition-scoped translation is the identity
 * (guest real addresses are guest RAM), process-scoped translation walks the guest's own tables.
 *
 * <ul>
 * <li>The guest registers its process table with H_REGISTER_PROC_TBL (radix flag); the platform
 * records PATE doubleword 1 and sets LPCR HR/UPRT/GTSE on every vCPU, and
 * {@link org.jpseries.cpu.SystemTranslator} then takes the radix path for relocated accesses.</li>
 * <li>{@link org.jpseries.mmu.radix.RadixTranslation}: the walk, permissions, reference/change
 * bits and faults, run only on a software-TLB miss.</li>
 * <li>{@link org.jpseries.mmu.radix.RadixFields}: the bit layouts of partition-table,
 * process-table and page-directory/table entries (big-endian doublewords in guest RAM).</li>
 * </ul>
 * Invalidation: tlbie/tlbiel ({@code cpu.insn.Supervisor}) and mtspr PIDR drop software TLBs;
 * a tlbie completes once every vCPU of the partition has dropped its TLB.
 */
package org.jpseries.mmu.radix;
