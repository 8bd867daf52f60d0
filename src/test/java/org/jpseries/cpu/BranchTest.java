package org.jpseries.cpu;

import static org.jpseries.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Branch facility (Book I chapter 2): branch forms, BO decoding, CTR, LR, TAR, CR logical. */
class BranchTest {
    static final long C = GuestCode.CODE;
    static final int LI3_1 = addi(3, 0, 1), LI3_2 = addi(3, 0, 2);

    /**
     * A fresh CPU with "li r3,2; sc" at {@code target} and r3 = 0: a branch under test that
     * reaches the target ends with r3 = 2, one that falls through to li r3,1 with r3 = 1.
     */
    static GuestCode withTarget(long target) {
        GuestCode g = new GuestCode();
        g.runAt(target, LI3_2);
        return g.set(3, 0);
    }

    @Test
    void unconditionalForms() {
        GuestCode g = new GuestCode();
        g.run(b(8), LI3_1, LI3_2);
        assertEquals(2, g.r(3), "b skips one instruction");
        g = new GuestCode();
        g.run(bl(8), LI3_1, LI3_2);
        assertEquals(C + 4, g.cpu.lr);
        // b +12 ; li 3,1 ; sc ; b -8: the backward branch lands on li 3,1
        g = new GuestCode();
        g.run(b(12), LI3_1, GuestCode.SC, b(-8));
        assertEquals(1, g.r(3));
    }

    @Test
    void absoluteBranch() {
        GuestCode g = withTarget(C + 0x100);
        g.run(ba((int) (C + 0x100)), LI3_1);
        assertEquals(2, g.r(3));
    }

    @Test
    void conditionOnCrBits() {
        // bc 12,2 (beq) and bc 4,2 (bne) after cmpdi r4,0
        GuestCode g = new GuestCode();
        g.set(4, 0).run(cmpi(0, 1, 4, 0), bc(12, 2, 8), LI3_1);
        assertEquals(0, g.r(3), "beq taken");
        g = new GuestCode();
        g.set(4, 5).run(cmpi(0, 1, 4, 0), bc(12, 2, 8), LI3_1);
        assertEquals(1, g.r(3));
        g = new GuestCode();
        g.set(4, 5).run(cmpi(0, 1, 4, 0), bc(4, 2, 8), LI3_1);
        assertEquals(0, g.r(3), "bne taken");
    }

    @Test
    void ctrLoops() {
        // li r3,0 ; mtctr r4 ; loop: addi r3,r3,1 ; bdnz loop
        GuestCode g = new GuestCode();
        g.set(4, 5).run(addi(3, 0, 0), mtspr(9, 4), addi(3, 3, 1), bc(16, 0, -4));
        assertEquals(5, g.r(3));
        assertEquals(0, g.cpu.ctr);
        // bdz with CTR=1 is taken after decrementing to 0
        g = new GuestCode();
        g.cpu.ctr = 1;
        g.run(bc(18, 0, 8), LI3_1);
        assertEquals(0, g.r(3));
        assertEquals(0, g.cpu.ctr);
        // bdnzt eq: both conditions must hold
        g = new GuestCode();
        g.cpu.ctr = 3;
        g.set(4, 1).run(cmpi(0, 1, 4, 0), bc(8, 2, 8), LI3_1);
        assertEquals(1, g.r(3), "CR0.EQ is clear so bdnzt falls through");
        assertEquals(2, g.cpu.ctr, "but CTR was decremented");
    }

    @Test
    void ctrTestUsesLowWordIn32BitMode() {
        GuestCode g = new GuestCode();
        g.cpu.setMsr(Cpu.MSR_PR | Cpu.MSR_LE);
        g.cpu.ctr = 0x100000001L;
        g.run(bc(18, 0, 8), LI3_1); // bdz
        assertEquals(0, g.r(3), "CTR(32:63) reached zero");
        assertEquals(0x100000000L, g.cpu.ctr, "the whole register is decremented");
    }

    @Test
    void targetsAndLinkWrapIn32BitMode() {
        GuestCode g = withTarget(C + 0x100);
        g.cpu.setMsr(Cpu.MSR_PR | Cpu.MSR_LE);
        g.cpu.lr = 0xffffffff00000000L + C + 0x100;
        g.run(bclr(20, 0, true));
        assertEquals(2, g.r(3), "the high word of LR is ignored as an address");
        assertEquals(C + 4, g.cpu.lr);
    }

    @Test
    void bclrReadsLrBeforeLinking() {
        GuestCode g = withTarget(C + 0x200);
        g.cpu.lr = C + 0x200 + 3;
        g.run(bclr(20, 0, true), LI3_1);
        assertEquals(2, g.r(3), "low two bits of LR are ignored");
        assertEquals(C + 4, g.cpu.lr);
    }

    @Test
    void bcctrAndBctar() {
        GuestCode g = withTarget(C + 0x300);
        g.cpu.ctr = C + 0x300;
        g.run(bcctr(20, 0, true), LI3_1);
        assertEquals(2, g.r(3));
        assertEquals(C + 4, g.cpu.lr);

        g = withTarget(C + 0x300);
        g.cpu.tar = C + 0x300;
        g.cpu.ctr = 2;
        g.run(bctar(16, 0, false), LI3_1);
        assertEquals(2, g.r(3), "bdnz-style bctar");
        assertEquals(1, g.cpu.ctr);
    }

    @Test
    void bcctrTestAndDecrementForm() {
        // bcctr 2,0 (BO=00010): with CTR = target != 0 the CTR test fails: no branch, no decrement.
        GuestCode g = withTarget(C + 0x400);
        g.cpu.ctr = C + 0x400;
        g.run(bcctr(2, 0, false), LI3_1);
        assertEquals(1, g.r(3));
        assertEquals(C + 0x400, g.cpu.ctr);
        // BO=10000 | 0 (bdnzctr-like, BO=16): CTR != 0 so it decrements and branches to the old CTR.
        g = withTarget(C + 0x400);
        g.cpu.ctr = C + 0x400;
        g.run(bcctr(16, 0, false), LI3_1);
        assertEquals(2, g.r(3));
        assertEquals(C + 0x400 - 1, g.cpu.ctr);
    }

    @Test
    void bclAsGetPc() {
        GuestCode g = new GuestCode();
        g.run(NOP, bcl(20, 31, 4), mfspr(3, 8));
        assertEquals(C + 8, g.r(3));
    }

    @Test
    void crLogicalAndMcrf() {
        GuestCode g = new GuestCode();
        g.cpu.cr = 0xA0000000; // CR0 = LT, EQ
        g.run(crand(4, 0, 2), crnor(5, 1, 1), crorc(6, 1, 0), creqv(7, 0, 3), mcrf(7, 1));
        assertEquals(0b1010, g.cpu.crField(0));
        assertEquals(0b1100, g.cpu.crField(1), "LT&EQ=1, nor(GT,GT)=1, GT|~LT=0, LT≡SO=0");
        assertEquals(0b1100, g.cpu.crField(7));
    }

    @Test
    void scvLinks() {
        GuestCode g = new GuestCode();
        g.run(NOP, scv(0));
        assertTrue(g.lastWasScv);
        assertEquals(C + 8, g.cpu.lr);
        assertNull(g.interrupt);
    }
}
