package org.jpseries.cpu.supervisor;

import static org.jpseries.cpu.supervisor.Enc.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.arch.Spr;
import org.junit.jupiter.api.Test;

/** FP/vector/VSX unavailable interrupts delivered in system mode (Book III 7.5.10, 7.5.16, 7.5.17). */
class FacilityUnavailableTest {
    static final int FADD_F1 = 0xFC21102A; // fadd f1,f1,f2
    static final int VADDUBM = 0x10000000; // vaddubm v0,v0,v0
    static final int XXLOR = 0xF0000490; // xxlor vs0,vs0,vs0

    private static SystemCode run(long msr, int insn) {
        SystemCode s = new SystemCode().trapVectors(0x800, 0xF20, 0xF40);
        s.cpu.writeMsr(Cpu.MSR_SF | Cpu.MSR_ME | Cpu.MSR_LE | msr);
        s.put(0x1000, NOP, insn, HCALL);
        return s.runAt(0x1000);
    }

    @Test
    void unavailableFacilitiesTrap() {
        assertEquals(0x800, run(0, FADD_F1).lastHcall());
        assertEquals(0x1004, run(0, FADD_F1).spr(Spr.SRR0));
        assertEquals(0xF20, run(Cpu.MSR_FP, VADDUBM).lastHcall());
        assertEquals(0xF40, run(Cpu.MSR_FP | Cpu.MSR_VEC, XXLOR).lastHcall());
    }

    @Test
    void enabledFacilitiesRun() {
        assertEquals(0x1008, run(Cpu.MSR_FP, FADD_F1).lastHcall());
        assertEquals(0x1008, run(Cpu.MSR_VEC, VADDUBM).lastHcall());
        assertEquals(0x1008, run(Cpu.MSR_VSX, XXLOR).lastHcall());
    }
}
