package org.jpseries.cpu.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.memory.GuestRam;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every atomic form across host threads: {@link #VCPUS} vCPUs sharing one {@link GuestRam}, each
 * on its own host thread, each doing {@link #ITERATIONS} increments (or lock-protected increments,
 * or decrements) of one shared location with one form: the ISA 3.0 AMOs (Book II 4.5) lwat/ldat
 * fetch-and-add, stwat/stdat store-add, locks built from swap, compare-and-swap-not-equal and
 * fetch-and-or/store-xor, increments built from fetch-and-max-unsigned and fetch-and-min-signed,
 * fetch-and-increment-bounded, fetch-and-decrement-bounded; and the reservation forms (Book II
 * 4.4.2) lbarx/lharx/lwarx/ldarx with their stcx. and lqarx/stqcx. on both halves of a quadword.
 * Every increment must count exactly once, a byte or halfword stcx. must leave its neighbours
 * alone, and an lqarx must never see the two halves of a concurrent stqcx. apart. The loops run
 * long enough for the block compiler to take over, so compiled blocks are exercised too.
 *
 * <p>Found on a 4-vCPU POWER9 guest whose threads counted with ldat and a 128-bit
 * compare-and-swap: 1,126,297 / 1,180,345 after 1,200,000 increments each.
 */
class SmpAtomicsTest {
    static final int VCPUS = 4, ITERATIONS = 250_000;
    static final long CODE = 0x1000, DATA = 0x8000, CARRY = 0x8100;
    /** Registers the loops use: r3 = DATA, r4 = iterations left, r9 = 0, r10 = CARRY. */
    static final int ADDR = 3, COUNT = 4, ZERO = 9, CARRY_ADDR = 10;
    static final long TOTAL = (long) VCPUS * ITERATIONS;
    /** Bytes around a byte or halfword counter that its stcx. must not change. */
    static final int SENTINEL = 0x5A;

    // ---- encoders (Book I 1.6 forms) --------------------------------------------------------------

    static int x(int rt, int ra, int rb, int xo) {
        return 31 << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1;
    }

    static int d(int op, int rt, int ra, int imm) {
        return op << 26 | rt << 21 | ra << 16 | (imm & 0xFFFF);
    }

    static int li(int rt, int si) { return d(14, rt, 0, si); }
    static int addi(int rt, int ra, int si) { return d(14, rt, ra, si); }
    static int andiDot(int ra, int rs, int ui) { return d(28, rs, ra, ui); }
    static int cmpdi(int ra, int si) { return d(11, 1, ra, si); }
    static int cmpd(int ra, int rb) { return x(1, ra, rb, 0); }
    static int cmpw(int ra, int rb) { return x(0, ra, rb, 0); }
    static int lwz(int rt, int ra, int disp) { return d(32, rt, ra, disp); }
    static int stw(int rs, int ra, int disp) { return d(36, rs, ra, disp); }
    static int ld(int rt, int ra, int disp) { return d(58, rt, ra, disp & ~3); }
    static int lwa(int rt, int ra, int disp) { return d(58, rt, ra, (disp & ~3) | 2); }
    static int std(int rs, int ra, int disp) { return d(62, rs, ra, disp & ~3); }
    static int lwat(int rt, int ra, int fc) { return x(rt, ra, fc, 582); }
    static int ldat(int rt, int ra, int fc) { return x(rt, ra, fc, 614); }
    static int stwat(int rs, int ra, int fc) { return x(rs, ra, fc, 710); }
    static int stdat(int rs, int ra, int fc) { return x(rs, ra, fc, 742); }
    static int lbarx(int rt, int ra, int rb) { return x(rt, ra, rb, 52); }
    static int lharx(int rt, int ra, int rb) { return x(rt, ra, rb, 116); }
    static int lwarx(int rt, int ra, int rb) { return x(rt, ra, rb, 20); }   // lwarx r5,0,r3 = 0x7ca01828
    static int ldarx(int rt, int ra, int rb) { return x(rt, ra, rb, 84); }
    static int lqarx(int rt, int ra, int rb) { return x(rt, ra, rb, 276); }
    static int stbcx(int rs, int ra, int rb) { return x(rs, ra, rb, 694) | 1; }
    static int sthcx(int rs, int ra, int rb) { return x(rs, ra, rb, 726) | 1; }
    static int stwcx(int rs, int ra, int rb) { return x(rs, ra, rb, 150) | 1; } // stwcx. r5,0,r3 = 0x7ca0192d
    static int stdcx(int rs, int ra, int rb) { return x(rs, ra, rb, 214) | 1; }
    static int stqcx(int rs, int ra, int rb) { return x(rs, ra, rb, 182) | 1; }
    static final int LWSYNC = 0x7c2004ac, ISYNC = 0x4c00012c, HCALL = 0x44000022;

    /** A straight program with labels; branches are resolved when it is assembled. */
    static final class Program {
        final List<Object> items = new ArrayList<>();

        Program emit(int... words) {
            for (int w : words) items.add(w);
            return this;
        }

        Program label(String name) {
            items.add(name);
            return this;
        }

        /** bc BO,BI,label: BO=12 branch if the CR bit is set, 4 if it is clear; BI 2 = CR0[EQ]. */
        Program bc(int bo, int bi, String target) {
            items.add(new Branch(bo, bi, target));
            return this;
        }

        Program bne(String target) { return bc(4, 2, target); }
        Program beq(String target) { return bc(12, 2, target); }

        int[] assemble() {
            Map<String, Integer> at = new HashMap<>();
            int n = 0;
            for (Object o : items) {
                if (o instanceof String s) at.put(s, n);
                else n++;
            }
            int[] out = new int[n];
            int k = 0;
            for (Object o : items) {
                if (o instanceof Integer w) out[k++] = w;
                else if (o instanceof Branch b) {
                    int disp = 4 * (at.get(b.target) - k);
                    out[k++] = 16 << 26 | b.bo << 21 | b.bi << 16 | (disp & 0xFFFC);
                }
            }
            return out;
        }
    }

    record Branch(int bo, int bi, String target) {}

    /** One form: its loop body (from label "top"; a retry branches back there) and its check. */
    enum Form {
        LWAT_FETCH_ADD(p -> p.emit(li(6, 1), lwat(5, ADDR, 0)), (t, m) -> assertEquals(TOTAL, m.word(DATA))),
        LDAT_FETCH_ADD(p -> p.emit(li(6, 1), ldat(5, ADDR, 0)), (t, m) -> assertEquals(TOTAL, m.dword(DATA))),
        STWAT_STORE_ADD(p -> p.emit(li(6, 1), stwat(6, ADDR, 0)), (t, m) -> assertEquals(TOTAL, m.word(DATA))),
        STDAT_STORE_ADD(p -> p.emit(li(6, 1), stdat(6, ADDR, 0)), (t, m) -> assertEquals(TOTAL, m.dword(DATA))),
        /** ldat Swap (FC=8) takes a lock word; the doubleword after it is counted under the lock. */
        LDAT_SWAP_LOCK(p -> p.emit(li(6, 1), ldat(5, ADDR, 8), cmpdi(5, 0)).bne("top")
                .emit(ISYNC, ld(7, ADDR, 8), addi(7, 7, 1), std(7, ADDR, 8), LWSYNC, std(ZERO, ADDR, 0)),
                (t, m) -> {
                    assertEquals(TOTAL, m.dword(DATA + 8));
                    assertEquals(0, m.dword(DATA), "lock word released");
                }),
        /** lwat Compare and Swap Not Equal (FC=16): mem := 1 unless it already is 1 (held). */
        LWAT_CSNE_LOCK(p -> p.emit(li(6, 1), li(7, 1), lwat(5, ADDR, 16), cmpdi(5, 1)).beq("top")
                .emit(ISYNC, lwz(8, ADDR, 8), addi(8, 8, 1), stw(8, ADDR, 8), LWSYNC, stw(ZERO, ADDR, 0)),
                (t, m) -> {
                    assertEquals(TOTAL, m.word(DATA + 8));
                    assertEquals(0, m.word(DATA), "lock word released");
                }),
        /** lwat Fetch and OR (FC=2) takes a lock bit, stwat XOR (FC=1) releases it. */
        LWAT_OR_LOCK_STWAT_XOR_RELEASE(p -> p.emit(li(6, 1), lwat(5, ADDR, 2), cmpdi(5, 0)).bne("top")
                .emit(ISYNC, ld(8, ADDR, 8), addi(8, 8, 1), std(8, ADDR, 8), LWSYNC, li(11, 1), stwat(11, ADDR, 1)),
                (t, m) -> {
                    assertEquals(TOTAL, m.dword(DATA + 8));
                    assertEquals(0, m.word(DATA), "lock word released");
                }),
        /** x := mem; ldat Fetch and Max Unsigned (FC=4) of x+1: this vCPU counted iff it fetched x. */
        LDAT_MAX_UNSIGNED_INCREMENT(p -> p.emit(ld(7, ADDR, 0), addi(6, 7, 1), ldat(5, ADDR, 4), cmpd(5, 7)).bne("top"),
                (t, m) -> assertEquals(TOTAL, m.dword(DATA))),
        /** x := mem; lwat Fetch and Min Signed (FC=7) of x-1: this vCPU counted down iff it fetched x. */
        LWAT_MIN_SIGNED_DECREMENT(p -> p.emit(lwa(7, ADDR, 0), addi(6, 7, -1), lwat(5, ADDR, 7), cmpw(5, 7)).bne("top"),
                (t, m) -> assertEquals(-TOTAL, (int) m.word(DATA))),
        /** lwat Fetch and Increment Bounded (FC=24): the bound in the next word is never reached. */
        LWAT_INCREMENT_BOUNDED(p -> p.emit(lwat(5, ADDR, 24)), (t, m) -> assertEquals(TOTAL, m.word(DATA))) {
            @Override
            void init(Memory m) {
                m.putWord(DATA + 4, 0xFFFF_FFFFL);
            }
        },
        /** ldat Fetch and Decrement Bounded (FC=28): from TOTAL+5 down, the bound (0) never reached. */
        LDAT_DECREMENT_BOUNDED(p -> p.emit(ldat(5, ADDR, 28)), (t, m) -> assertEquals(5, m.dword(DATA))) {
            @Override
            void init(Memory m) {
                m.putDword(DATA, TOTAL + 5);
            }
        },
        LWARX_STWCX(p -> p.emit(lwarx(5, 0, ADDR), addi(5, 5, 1), stwcx(5, 0, ADDR)).bne("top"),
                (t, m) -> assertEquals(TOTAL, m.word(DATA))),
        LDARX_STDCX(p -> p.emit(ldarx(5, 0, ADDR), addi(5, 5, 1), stdcx(5, 0, ADDR)).bne("top"),
                (t, m) -> assertEquals(TOTAL, m.dword(DATA))),
        /** The byte at DATA+1, with a carry (ldat add) into CARRY each time it wraps to 0. */
        LBARX_STBCX(p -> subWord(p.emit(addi(ADDR, ADDR, 1), lbarx(5, 0, ADDR), addi(5, 5, 1), stbcx(5, 0, ADDR)), 0xFF),
                (t, m) -> {
                    assertEquals(TOTAL, 256 * m.dword(CARRY) + m.u8(DATA + 1));
                    for (int k : new int[] {0, 2, 3}) assertEquals(SENTINEL, m.u8(DATA + k), "byte " + k + " untouched");
                }) {
            @Override
            void init(Memory m) {
                for (int k : new int[] {0, 2, 3}) m.putU8(DATA + k, SENTINEL);
            }
        },
        /** The halfword at DATA+2, with a carry into CARRY each time it wraps to 0. */
        LHARX_STHCX(p -> subWord(p.emit(addi(ADDR, ADDR, 2), lharx(5, 0, ADDR), addi(5, 5, 1), sthcx(5, 0, ADDR)), 0xFFFF),
                (t, m) -> {
                    assertEquals(TOTAL, 65536 * m.dword(CARRY) + m.u16(DATA + 2));
                    for (int k : new int[] {0, 1}) assertEquals(SENTINEL, m.u8(DATA + k), "byte " + k + " untouched");
                }) {
            @Override
            void init(Memory m) {
                for (int k : new int[] {0, 1}) m.putU8(DATA + k, SENTINEL);
            }
        },
        /** Both doublewords of the quadword incremented; an lqarx seeing them differ stops at "torn". */
        LQARX_STQCX(p -> p.emit(lqarx(6, 0, ADDR), cmpd(6, 7)).bne("torn")
                .emit(addi(6, 6, 1), addi(7, 7, 1), stqcx(6, 0, ADDR)).bne("top"),
                (t, m) -> {
                    assertEquals(TOTAL, m.dword(DATA), "low-order doubleword");
                    assertEquals(TOTAL, m.dword(DATA + 8), "high-order doubleword");
                });

        final Consumer<Program> body;
        final Check check;

        Form(Consumer<Program> body, Check check) {
            this.body = body;
            this.check = check;
        }

        void init(Memory m) {}

        /**
         * The program: r3 points at the location; the body runs {@link #ITERATIONS} times. The
         * sub-word bodies advance r3 first, so the loop starts after that.
         */
        int[] program() {
            Program p = new Program();
            if (this == LBARX_STBCX || this == LHARX_STHCX) {
                // the first instruction of the body moves r3 once; the loop starts after it
                Program b = new Program();
                body.accept(b);
                p.items.add(b.items.get(0));
                p.label("top");
                p.items.addAll(b.items.subList(1, b.items.size()));
            } else {
                p.label("top");
                body.accept(p);
            }
            p.emit(addi(COUNT, COUNT, -1), cmpdi(COUNT, 0)).bne("top").emit(HCALL).label("torn").emit(HCALL);
            return p.assemble();
        }
    }

    /** After a successful sub-word stcx.: if the value wrapped to 0, add 1 to the carry doubleword. */
    private static Program subWord(Program p, int mask) {
        return p.bne("top").emit(andiDot(7, 5, mask)).bne("counted").emit(li(12, 1), ldat(11, CARRY_ADDR, 0)).label("counted");
    }

    interface Check {
        void verify(Form f, Memory m);
    }

    /** Guest storage as the test reads it (little-endian, as the vCPUs run). */
    record Memory(GuestRam ram) {
        long read(long pa, int n) {
            byte[] b = new byte[n];
            ram.read(pa, b, 0, n);
            long v = 0;
            for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
            return v;
        }

        void write(long pa, int n, long v) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte) (v >>> (8 * i));
            ram.write(pa, b, 0, n);
        }

        long u8(long pa) { return read(pa, 1); }
        long u16(long pa) { return read(pa, 2); }
        long word(long pa) { return read(pa, 4); }
        long dword(long pa) { return read(pa, 8); }
        void putU8(long pa, long v) { write(pa, 1, v); }
        void putWord(long pa, long v) { write(pa, 4, v); }
        void putDword(long pa, long v) { write(pa, 8, v); }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Form.class)
    void everyIncrementFromEveryVcpuCounts(Form form) throws Exception {
        SystemCode first = new SystemCode(CpuModel.POWER9);
        int[] program = form.program();
        first.put(CODE, program);
        Memory m = new Memory(first.ram);
        form.init(m);
        List<SystemCode> vcpus = new ArrayList<>();
        for (int i = 0; i < VCPUS; i++) vcpus.add(i == 0 ? first : new SystemCode(CpuModel.POWER9, first.ram));
        Cpu[] partition = vcpus.stream().map(v -> v.cpu).toArray(Cpu[]::new);
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(VCPUS); // all loops overlap, none runs alone first
        for (SystemCode v : vcpus) {
            v.cpu.peers = partition;
            v.set(ADDR, DATA).set(COUNT, ITERATIONS).set(ZERO, 0).set(CARRY_ADDR, CARRY);
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("vCPU threads did not start together", e);
                }
                v.runAt(CODE);
            }, r -> new Thread(r, "vcpu").start()));
        }
        for (CompletableFuture<Void> r : runs) r.get(60, TimeUnit.SECONDS);
        long loopEnd = CODE + 4L * (program.length - 2) + 4;
        for (SystemCode v : vcpus) {
            assertEquals(loopEnd, v.hcallAddresses.get(0),
                    v.hcallAddresses.get(0) == loopEnd + 4 ? "lqarx saw a torn quadword" : "stopped at the loop's sc 1");
            assertEquals(0, v.r(COUNT), "every vCPU ran its loop to the end");
        }
        form.check.verify(form, m);
    }
}
