package org.jpseries.cpu.supervisor;

import static org.jpseries.cpu.supervisor.SmpAtomicsTest.addi;
import static org.jpseries.cpu.supervisor.SmpAtomicsTest.cmpdi;
import static org.jpseries.cpu.supervisor.SmpAtomicsTest.li;
import static org.jpseries.cpu.supervisor.SmpAtomicsTest.lwz;
import static org.jpseries.cpu.supervisor.SmpAtomicsTest.stw;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.supervisor.SmpAtomicsTest.Program;
import org.junit.jupiter.api.Test;

/**
 * Decoded pages shared by vCPU threads (cpu.exec.DecodedPage's publication rule): a slot decoded by
 * one vCPU is run by the others with its own instruction word, and an instruction one vCPU
 * rewrites is run rewritten by another that saw the writer's flag and executed isync (Book II,
 * Instruction Storage: store, dcbst, sync, icbi, sync, store flag / load flag, isync).
 */
class SmpCodePublicationTest {
    static final long CODE = 0x1000, WRITER = 0x3000, FLAG = 0x8000;
    static final int VCPUS = 4;
    static final int ISYNC = SmpAtomicsTest.ISYNC, HCALL = SmpAtomicsTest.HCALL;
    /** dcbst 0,r4 (X-form 54), icbi 0,r4 (982), sync (598, L=0). */
    static final int DCBST_R4 = SmpAtomicsTest.x(0, 0, 4, 54), ICBI_R4 = SmpAtomicsTest.x(0, 0, 4, 982), SYNC = 0x7c0004ac;

    private static List<SystemCode> partition(int n) {
        SystemCode first = new SystemCode(CpuModel.POWER9);
        List<SystemCode> vcpus = new ArrayList<>();
        for (int i = 0; i < n; i++) vcpus.add(i == 0 ? first : new SystemCode(CpuModel.POWER9, first.ram));
        Cpu[] cpus = vcpus.stream().map(v -> v.cpu).toArray(Cpu[]::new);
        for (SystemCode v : vcpus) v.cpu.peers = cpus;
        return vcpus;
    }

    private static CompletableFuture<Void> runAsync(SystemCode v, long pc, CyclicBarrier start) {
        return CompletableFuture.runAsync(() -> {
            try {
                if (start != null) start.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("vCPU threads did not start together", e);
            }
            v.runAt(pc);
        }, r -> new Thread(r, "vcpu").start());
    }

    /**
     * Four vCPUs start together on a page nobody has decoded: 256 different addi r3,r3,k run 60
     * times in a loop (so that the loop head is also compiled, by one of them, for all). A vCPU
     * that ran another's decoded semantics with a stale word would add the wrong k.
     */
    @Test
    void slotsDecodedByOneVcpuRunWithTheirWordsOnAll() throws Exception {
        int body = 256, loops = 60;
        long sum = 0;
        Program p = new Program().label("top");
        for (int k = 1; k <= body; k++) {
            p.emit(addi(3, 3, k));
            sum += k;
        }
        p.emit(addi(4, 4, -1), cmpdi(4, 0)).bne("top").emit(HCALL);
        int[] code = p.assemble();
        for (int round = 0; round < 10; round++) {
            List<SystemCode> vcpus = partition(VCPUS);
            vcpus.get(0).put(CODE, code);
            CyclicBarrier start = new CyclicBarrier(VCPUS);
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (SystemCode v : vcpus) {
                v.set(3, 0).set(4, loops);
                runs.add(runAsync(v, CODE, start));
            }
            for (CompletableFuture<Void> r : runs) r.get(60, TimeUnit.SECONDS);
            for (SystemCode v : vcpus) assertEquals(loops * sum, v.r(3), "round " + round);
        }
    }

    /**
     * vCPU A spins (its loop compiled and chained) on a flag, with li r3,1 at the loop head.
     * vCPU B rewrites that instruction to li r3,2, then dcbst, sync, icbi, sync and sets the flag.
     * A sees the flag, executes isync and goes round once more: it must run the new instruction.
     * (Without icbi A could keep a copy it decoded between B's store dropping the old one and
     * B's bytes landing; this failed that way before icbi dropped the copy.)
     */
    @Test
    void anInstructionRewrittenByAnotherVcpuRunsRewrittenAfterFlagAndIsync() throws Exception {
        int[] spinner = new Program().label("top")
                .emit(li(3, 1), cmpdi(6, 0)).bne("done")
                .emit(lwz(5, 10, 0), cmpdi(5, 0)).beq("top")
                .emit(ISYNC, li(6, 1)).bc(20, 0, "top")
                .label("done").emit(HCALL).assemble();
        int[] writer = {stw(7, 4, 0), DCBST_R4, SYNC, ICBI_R4, SYNC, stw(8, 10, 0), HCALL};
        for (int round = 0; round < 10; round++) {
            List<SystemCode> vcpus = partition(2);
            SystemCode a = vcpus.get(0), b = vcpus.get(1);
            a.put(CODE, spinner).put(WRITER, writer);
            a.set(6, 0).set(10, FLAG);
            CompletableFuture<Void> spinning = runAsync(a, CODE, null);
            Thread.sleep(20); // long enough for A's loop to be decoded and compiled
            b.set(4, CODE).set(7, li(3, 2)).set(8, 1).set(10, FLAG);
            runAsync(b, WRITER, null).get(60, TimeUnit.SECONDS);
            spinning.get(60, TimeUnit.SECONDS);
            assertEquals(2, a.r(3), "round " + round + ": vCPU A ran the instruction vCPU B replaced");
        }
    }
}
