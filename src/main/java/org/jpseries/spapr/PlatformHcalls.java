package org.jpseries.spapr;

import java.security.SecureRandom;
import org.jpseries.memory.GuestRam;
import org.jpseries.mmu.radix.RadixFields;
import org.jpseries.papr.Hcall;
import org.jpseries.papr.HcallRegisters;
import org.jpseries.papr.Hcalls;
import org.jpseries.papr.VcpuControl;

/**
 * The machine-level hypercalls of QEMU's spapr_hcall.c that are not about the page table or an
 * interrupt controller: H_SET_MODE (ILE and AIL), H_REGISTER_VPA (VPA, SLB shadow, DTL),
 * H_CEDE / H_PROD / H_CONFER, H_GET_CPU_CHARACTERISTICS, H_RANDOM and H_REGISTER_PROC_TBL
 * (hash with SLB only).
 */
public final class PlatformHcalls {
    // H_SET_MODE resources and mflags (PAPR; QEMU spapr.h)
    static final int RESOURCE_ADDR_TRANS_MODE = 3, RESOURCE_LE = 4;
    static final int ENDIAN_BIG = 0, ENDIAN_LITTLE = 1;
    // H_REGISTER_VPA flags (bits 16..18 of r4)
    static final long FLAGS_MASK = 0x0000_e000_0000_0000L, REGISTER_VPA = 0x0000_2000_0000_0000L,
            REGISTER_DTL = 0x0000_4000_0000_0000L, REGISTER_SLBSHADOW = 0x0000_6000_0000_0000L,
            DEREGISTER_VPA = 0x0000_a000_0000_0000L, DEREGISTER_DTL = 0x0000_c000_0000_0000L,
            DEREGISTER_SLBSHADOW = 0x0000_e000_0000_0000L;
    static final int VPA_MIN_SIZE = 640, VPA_SHARED_PROC_OFFSET = 9, VPA_SHARED_PROC_VAL = 2, DCACHE_LINE = 128;
    // H_GET_CPU_CHARACTERISTICS: QEMU's TCG defaults (cfpc/sbbc/ibs "broken"): only "L1D flush on PR exit" behaviour.
    static final long H_CPU_BEHAV_L1D_FLUSH_PR = 1L << 62;
    // H_REGISTER_PROC_TBL flags
    static final long PT_FLAGS_MASK = 0x1f, PT_MODIFY = 0x10, PT_REGISTER = 0x08, PT_RADIX = 0x04, PT_HASH_SEG_TABLES = 0x02,
            PT_GTSE = 0x01;

    private final GuestRam ram;
    private final PlatformState state;
    private final VcpuControl vcpus;
    private final VcpuAreas[] areas;
    private final SecureRandom random = new SecureRandom();

    public PlatformHcalls(GuestRam ram, PlatformState state, VcpuControl vcpus) {
        this.ram = ram;
        this.state = state;
        this.vcpus = vcpus;
        this.areas = new VcpuAreas[vcpus.count()];
        for (int i = 0; i < areas.length; i++) areas[i] = new VcpuAreas();
    }

    public void register(Hcalls h) {
        h.register(Hcall.H_SET_MODE, this::hSetMode);
        h.register(Hcall.H_REGISTER_VPA, this::hRegisterVpa);
        h.register(Hcall.H_CEDE, this::hCede);
        h.register(Hcall.H_PROD, this::hProd);
        h.register(Hcall.H_CONFER, this::hConfer);
        h.register(Hcall.H_SIGNAL_SYS_RESET, this::hSignalSysReset);
        h.register(Hcall.H_GET_CPU_CHARACTERISTICS, this::hGetCpuCharacteristics);
        h.register(Hcall.H_RANDOM, this::hRandom);
        h.register(Hcall.H_REGISTER_PROC_TBL, this::hRegisterProcTbl);
    }

    /** A vCPU's VPA, SLB-shadow and DTL registrations (the vCPU device saves and resets them). */
    VcpuAreas areas(int vcpu) {
        return areas[vcpu];
    }

    /** The VPA registered by a vCPU, 0 if none (the CPU side may update its dispatch counters). */
    public long vpa(int vcpu) {
        return areas[vcpu].vpa;
    }

    /** H_SET_MODE(r4 = mflags, r5 = resource, r6 = value1, r7 = value2). */
    long hSetMode(HcallRegisters r) {
        long mflags = r.gpr(4), resource = r.gpr(5), v1 = r.gpr(6), v2 = r.gpr(7);
        if (resource == RESOURCE_LE) {
            if (v1 != 0) return Hcall.H_P3;
            if (v2 != 0) return Hcall.H_P4;
            if (mflags == ENDIAN_BIG) {
                state.interruptLittleEndian = false;
                return Hcall.H_SUCCESS;
            }
            if (mflags == ENDIAN_LITTLE) {
                state.interruptLittleEndian = true;
                return Hcall.H_SUCCESS;
            }
            return Hcall.H_UNSUPPORTED_FLAG;
        }
        if (resource == RESOURCE_ADDR_TRANS_MODE) {
            if (v1 != 0) return Hcall.H_P3;
            if (v2 != 0) return Hcall.H_P4;
            // AIL 1 is reserved on POWER8 and later; 2 is 0xc000...4000 relocated vectors.
            if (mflags == 1 || mflags < 0 || mflags > 3) return Hcall.H_UNSUPPORTED_FLAG;
            state.ail = (int) mflags;
            return Hcall.H_SUCCESS;
        }
        // CIABR (1) and DAWR (2) are not implemented.
        return Hcall.H_P2;
    }

    /** H_REGISTER_VPA(r4 = flags, r5 = target vCPU, r6 = address). */
    synchronized long hRegisterVpa(HcallRegisters r) {
        long flags = r.gpr(4), proc = r.gpr(5), addr = r.gpr(6);
        if (proc < 0 || proc >= areas.length) return Hcall.H_PARAMETER;
        VcpuAreas a = areas[(int) proc];
        if (flags == REGISTER_VPA) {
            if (addr == 0) return Hcall.H_HARDWARE;
            if (addr % DCACHE_LINE != 0) return Hcall.H_PARAMETER;
            if (!ram.contains(addr, VPA_MIN_SIZE)) return Hcall.H_PARAMETER;
            int size = (ram.readU8(addr + 4) << 8) | ram.readU8(addr + 5);
            if (size < VPA_MIN_SIZE) return Hcall.H_PARAMETER;
            if (addr / 4096 != (addr + size - 1) / 4096) return Hcall.H_PARAMETER; // may not cross a page
            a.vpa = addr;
            // Tell the guest it runs on a shared processor, as QEMU does (lppaca "shared_proc").
            ram.write(addr + VPA_SHARED_PROC_OFFSET,
                    new byte[] {(byte) (ram.readU8(addr + VPA_SHARED_PROC_OFFSET) | VPA_SHARED_PROC_VAL)}, 0, 1);
            return Hcall.H_SUCCESS;
        }
        if (flags == DEREGISTER_VPA) {
            if (a.slbShadow != 0 || a.dtl != 0) return Hcall.H_RESOURCE;
            a.vpa = 0;
            return Hcall.H_SUCCESS;
        }
        if (flags == REGISTER_SLBSHADOW) {
            long size = subAreaSize(a, addr, 8, true);
            if (size < 0) return size;
            a.slbShadow = addr;
            a.slbShadowSize = size;
            return Hcall.H_SUCCESS;
        }
        if (flags == DEREGISTER_SLBSHADOW) {
            a.slbShadow = a.slbShadowSize = 0;
            return Hcall.H_SUCCESS;
        }
        if (flags == REGISTER_DTL) {
            long size = subAreaSize(a, addr, 48, false); // at least one dispatch trace log entry
            if (size < 0) return size;
            a.dtl = addr;
            a.dtlSize = size;
            return Hcall.H_SUCCESS;
        }
        if (flags == DEREGISTER_DTL) {
            a.dtl = a.dtlSize = 0;
            return Hcall.H_SUCCESS;
        }
        return Hcall.H_PARAMETER;
    }

    /**
     * Checks the SLB shadow or DTL a vCPU registers after its VPA (QEMU register_slb_shadow /
     * register_dtl): the BE32 size at {@code addr + 4} is at least {@code minSize} (and the area stays
     * in one 4K page when {@code onePage}). Returns that size, or the (negative) hcall status refusing it.
     */
    private long subAreaSize(VcpuAreas a, long addr, long minSize, boolean onePage) {
        if (addr == 0) return Hcall.H_HARDWARE;
        if (!ram.contains(addr, 8)) return Hcall.H_PARAMETER;
        long size = ram.readBE32(addr + 4) & 0xFFFFFFFFL;
        if (size < minSize) return Hcall.H_PARAMETER;
        if (onePage && addr / 4096 != (addr + size - 1) / 4096) return Hcall.H_PARAMETER;
        if (a.vpa == 0) return Hcall.H_RESOURCE;
        return size;
    }

    long hCede(HcallRegisters r) {
        vcpus.cede(r.vcpuId());
        return Hcall.H_SUCCESS;
    }

    long hProd(HcallRegisters r) {
        long target = r.gpr(4);
        if (target < 0 || target >= vcpus.count()) return Hcall.H_PARAMETER;
        vcpus.prod((int) target);
        return Hcall.H_SUCCESS;
    }

    /** H_CONFER(r4 = target or -1 for "all", r5 = dispatch count). */
    long hConfer(HcallRegisters r) {
        long target = r.gpr(4);
        if (target != -1 && (target < 0 || target >= vcpus.count())) return Hcall.H_PARAMETER;
        vcpus.confer(r.vcpuId(), (int) target);
        return Hcall.H_SUCCESS;
    }

    static final long H_SIGNAL_SYS_RESET_ALL = -1, H_SIGNAL_SYS_RESET_ALL_OTHERS = -2;

    /**
     * H_SIGNAL_SYS_RESET(r4 = target): a system reset interrupt on vCPU {@code target}, on every
     * vCPU (-1, the caller included: it takes it on return) or on all but the caller (-2), as
     * QEMU's h_signal_sys_reset; Linux's NMI IPI (smp_send_nmi_ipi: backtraces, crash, stop).
     */
    long hSignalSysReset(HcallRegisters r) {
        long target = r.gpr(4);
        if (target >= 0) {
            if (target >= vcpus.count()) return Hcall.H_PARAMETER;
            vcpus.signalSystemReset((int) target);
            return Hcall.H_SUCCESS;
        }
        if (target < H_SIGNAL_SYS_RESET_ALL_OTHERS) return Hcall.H_PARAMETER;
        for (int i = 0; i < vcpus.count(); i++) {
            if (target == H_SIGNAL_SYS_RESET_ALL_OTHERS && i == r.vcpuId()) continue;
            vcpus.signalSystemReset(i);
        }
        return Hcall.H_SUCCESS;
    }

    long hGetCpuCharacteristics(HcallRegisters r) {
        r.setGpr(4, 0);
        r.setGpr(5, H_CPU_BEHAV_L1D_FLUSH_PR);
        return Hcall.H_SUCCESS;
    }

    long hRandom(HcallRegisters r) {
        r.setGpr(4, random.nextLong());
        return Hcall.H_SUCCESS;
    }

    /**
     * H_REGISTER_PROC_TBL(r4 = flags, r5 = table, r6 = page size, r7 = table size), as QEMU's
     * h_register_process_table: registers a radix process table (PATE = GR | base | size) or
     * declares hash with the SLB; hash with segment tables is refused. LPCR HR/UPRT/GTSE of
     * every vCPU then follow the flags (the machine applies them after the hcall).
     */
    long hRegisterProcTbl(HcallRegisters r) {
        long flags = r.gpr(4), table = r.gpr(5), pageSize = r.gpr(6), tableSize = r.gpr(7);
        if ((flags & ~PT_FLAGS_MASK) != 0) return Hcall.H_PARAMETER;
        long entry;
        if ((flags & PT_MODIFY) != 0) {
            if ((flags & PT_REGISTER) != 0) {
                if ((flags & PT_RADIX) != 0) {
                    if ((table & 0xFFF) != 0 || (table >>> 60) != 0) return Hcall.H_P2;
                    if (pageSize != 0) return Hcall.H_P3;
                    if (Long.compareUnsigned(tableSize, 24) > 0) return Hcall.H_P4;
                    entry = RadixFields.PATE1_GR | table | tableSize;
                } else {
                    if ((flags & PT_HASH_SEG_TABLES) != 0) return Hcall.H_PARAMETER; // segment tables: not implemented, as in QEMU
                    if ((table >>> 38) != 0) return Hcall.H_P2;
                    if ((pageSize & ~0x7L) != 0) return Hcall.H_P3;
                    if (Long.compareUnsigned(tableSize, 24) > 0) return Hcall.H_P4;
                    entry = (table << 25) | pageSize << 5 | tableSize;
                }
            } else {
                // deregistration keeps only GR, so that the radix flag of the call need not match
                entry = state.processTableEntry & RadixFields.PATE1_GR;
            }
        } else {
            // "keep the current registration" must name the mode in use
            if (((flags & PT_RADIX) != 0) != ((state.processTableEntry & RadixFields.PATE1_GR) != 0)) return Hcall.H_PARAMETER;
            entry = state.processTableEntry;
        }
        state.processTableEntry = entry;
        state.hostRadix = (flags & PT_RADIX) != 0;
        state.useProcessTable = (flags & (PT_RADIX | PT_HASH_SEG_TABLES)) != 0;
        state.guestTranslationShootdown = (flags & PT_GTSE) != 0;
        return Hcall.H_SUCCESS;
    }
}
