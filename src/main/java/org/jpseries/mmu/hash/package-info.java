/**
 * The hashed page table MMU of a pseries partition (PowerISA 3.0 Book III 5.7.7-5.7.10, HPTEs
 * in the pre-3.0 format the PAPR hcalls use on POWER8 and POWER9).
 *
 * <ul>
 * <li>{@link org.jpseries.mmu.hash.Slb}: the 32-entry SLB of each vCPU ({@code cpu.slb}),
 * changed by slbmte/slbie/slbia.</li>
 * <li>{@link org.jpseries.mmu.hash.HashPageTable}: the partition's HPT, owned by the emulator;
 * its {@code enter/remove/read/protect/bulkRemove} methods are H_ENTER, H_REMOVE, H_READ,
 * H_PROTECT and H_BULK_REMOVE with the argument registers as parameters, PAPR status codes as
 * results and output registers in a {@code long[]}. Removals and protection changes reach every
 * vCPU of the partition through its {@link org.jpseries.mmu.TlbShootdown}. Lookups take no lock
 * (the writers' seqlock and acquire/release HPTEs; see its class comment). A
 * {@link org.jpseries.device.Device}: section "htab" with the valid HPTEs only.</li>
 * <li>{@link org.jpseries.mmu.hash.HashTranslation}: the lookup, protection and R/C logic,
 * used by {@link org.jpseries.cpu.SystemTranslator} when relocation is on.</li>
 * <li>{@link org.jpseries.mmu.hash.PageSizes}: base and actual page sizes (4K, 64K, 16M) with
 * QEMU's encodings, which {@code ibm,segment-page-sizes} must advertise.</li>
 * </ul>
 */
package org.jpseries.mmu.hash;
