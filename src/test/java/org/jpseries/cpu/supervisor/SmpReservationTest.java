package org.jpseries.cpu.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpseries.cpu.CpuModel;
import org.junit.jupiter.api.Test;

/**
 * larx/stcx. across host threads (Book II 4.4.2, issue 5's SMP item): vCPUs on their own threads
 * increment one shared word with the lwarx/stwcx. (and ldarx/stdcx.) retry loop Linux's atomics
 * use. Every increment must count exactly once: a stcx. that succeeds after another thread's
 * store to the reserved word would lose one. The loops run long enough for the block compiler to
 * take over, so both the interpreter and compiled blocks are exercised.
 */
class SmpReservationTest {
    static final int THREADS = 3, ITERATIONS = 100_000;
    static final long CODE = 0x1000, COUNTER = 0x8000;

    /** r3 = counter address, r4 = iterations; each loop ends with sc 1 (which stops the run). */
    static final int[] LOOPS = {
        0x7ca01828, // 0x1000: lwarx r5,0,r3
        0x38a50001, //         addi r5,r5,1
        0x7ca0192d, //         stwcx. r5,0,r3
        0x40c2fff4, //         bne- 0x1000
        0x3884ffff, //         addi r4,r4,-1
        0x2c240000, //         cmpdi r4,0
        0x4082ffe8, //         bne 0x1000
        0x44000022, //         sc 1
        0x7ca018a8, // 0x1020: ldarx r5,0,r3
        0x38a50001, //         addi r5,r5,1
        0x7ca019ad, //         stdcx. r5,0,r3
        0x40c2fff4, //         bne- 0x1020
        0x3884ffff, //         addi r4,r4,-1
        0x2c240000, //         cmpdi r4,0
        0x4082ffe8, //         bne 0x1020
        0x44000022, //         sc 1
    };

    private static long runOnThreads(long entry, int bytes) throws Exception {
        SystemCode first = new SystemCode(CpuModel.POWER9);
        first.put(CODE, LOOPS);
        List<SystemCode> vcpus = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) vcpus.add(i == 0 ? first : new SystemCode(CpuModel.POWER9, first.ram));
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (SystemCode v : vcpus) {
            v.set(3, COUNTER).set(4, ITERATIONS);
            runs.add(CompletableFuture.runAsync(() -> v.runAt(entry), r -> new Thread(r, "vcpu").start()));
        }
        for (CompletableFuture<Void> r : runs) r.get(60, TimeUnit.SECONDS);
        for (SystemCode v : vcpus) {
            assertEquals(0, v.r(4), "every vCPU ran its loop to the end");
            assertEquals(entry + 0x20, v.hcallAddresses.get(0), "stopped at the loop's sc 1");
        }
        byte[] b = new byte[bytes];
        first.ram.read(COUNTER, b, 0, bytes);
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF); // little-endian
        return v;
    }

    @Test
    void wordIncrementsFromSeveralThreadsAllCount() throws Exception {
        assertEquals((long) THREADS * ITERATIONS, runOnThreads(CODE, 4));
    }

    @Test
    void doublewordIncrementsFromSeveralThreadsAllCount() throws Exception {
        assertEquals((long) THREADS * ITERATIONS, runOnThreads(CODE + 0x20, 8));
    }
}
