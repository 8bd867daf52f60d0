package org.jpseries.cpu.jit;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.Semantics;

/**
 * Compiles a block of decoded instructions to a hidden class (JDK Class-File API, JEP 484). For
 * each instruction the generated {@code run} stores {@code cia} and {@code nip} and calls the
 * instruction's {@link Semantics} loaded with {@code ldc} of a class-data constant. Because the
 * receiver is a constant, HotSpot devirtualises the call and inlines the interpreter's own
 * semantics with the instruction word folded in: one semantic source for both engines, no
 * dispatch between the instructions of a block.
 */
public final class BlockCompiler {
    private static final ClassDesc CD_CPU = ClassDesc.of(Cpu.class.getName());
    private static final ClassDesc CD_SEMANTICS = ClassDesc.of(Semantics.class.getName());
    private static final ClassDesc CD_BLOCK = ClassDesc.of(CompiledBlock.class.getName());
    private static final MethodTypeDesc MT_EXEC = MethodTypeDesc.of(CD_void, CD_CPU, CD_int);
    private static final MethodTypeDesc MT_RUN = MethodTypeDesc.of(CD_int, CD_CPU);
    private static final MethodTypeDesc MT_INIT = MethodTypeDesc.of(CD_void);
    private static final MethodTypeDesc MT_SUPER_INIT = MethodTypeDesc.of(CD_void, CD_int, ConstantDescs.CD_long);
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final AtomicLong SERIAL = new AtomicLong();

    /** Longest block compiled: keeps a block's inlined code within HotSpot's inlining budget. */
    public static final int MAX_INSTRUCTIONS = 32;

    private BlockCompiler() {}

    /**
     * Test-only: maps an instruction's (first) word and semantics to the semantics its compiled
     * block calls instead. {@code JitMutationTest} plants known bugs through it (the CA of adde, the
     * rlwimi mask, CTR in bc) in compiled code only, and checks the differential fuzzer
     * ({@code JitDifferential}) catches them. Package-private and null in every normal run.
     */
    static volatile java.util.function.BiFunction<Integer, Semantics, Semantics> plantedBug;

    /**
     * @param pc       address of the first instruction
     * @param handlers the semantics of each instruction, in order
     * @param words    each instruction's (first) word
     * @param sizes    each instruction's size in bytes (4, or 8 for a prefixed instruction)
     * @param stores   bit k set when the k-th instruction may write storage: the block checks
     *                 after it that it is still valid, and ends there if the store wrote over
     *                 its own code (the page's decoded copy, and this block, were dropped)
     */
    public static CompiledBlock compile(long pc, Semantics[] handlers, int[] words, int[] sizes, long stores, int count) {
        if (count <= 0 || count > MAX_INSTRUCTIONS) throw new IllegalArgumentException("block of " + count);
        java.util.function.BiFunction<Integer, Semantics, Semantics> plant = plantedBug;
        if (plant != null) {
            handlers = handlers.clone();
            for (int k = 0; k < count; k++) handlers[k] = plant.apply(words[k], handlers[k]);
        }
        ClassDesc self = ClassDesc.of(BlockCompiler.class.getPackageName() + ".Block" + SERIAL.incrementAndGet());
        byte[] bytes = ClassFile.of().build(self, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withSuperclass(CD_BLOCK);
            cb.withMethodBody(ConstantDescs.INIT_NAME, MT_INIT, ClassFile.ACC_PUBLIC, code -> code
                    .aload(0)
                    .loadConstant(count)
                    .loadConstant(pc)
                    .invokespecial(CD_BLOCK, ConstantDescs.INIT_NAME, MT_SUPER_INIT)
                    .return_());
            cb.withMethodBody("run", MT_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> {
                long a = pc;
                for (int k = 0; k < count; k++) {
                    code.aload(1).loadConstant(a).putfield(CD_CPU, "cia", ConstantDescs.CD_long);
                    code.aload(1).loadConstant(a + 4).putfield(CD_CPU, "nip", ConstantDescs.CD_long);
                    code.loadConstant(DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT,
                            ConstantDescs.DEFAULT_NAME, CD_SEMANTICS, k));
                    code.aload(1).loadConstant(words[k]);
                    code.invokeinterface(CD_SEMANTICS, "exec", MT_EXEC);
                    a += sizes[k];
                    if ((stores >>> k & 1) != 0 && k < count - 1) {
                        // a store over this page's code cleared valid (DecodedPage.invalidate):
                        // end here, the interpreter fetches the next instruction as it is now
                        java.lang.classfile.Label go = code.newLabel();
                        code.aload(0).getfield(CD_BLOCK, "valid", ConstantDescs.CD_boolean).ifne(go);
                        code.loadConstant(k + 1).ireturn();
                        code.labelBinding(go);
                    }
                }
                code.loadConstant(count).ireturn();
            });
        });
        try {
            List<Semantics> data = Arrays.asList(Arrays.copyOf(handlers, count));
            MethodHandles.Lookup l = LOOKUP.defineHiddenClassWithClassData(bytes, data, true);
            CompiledBlock b = (CompiledBlock) l.findConstructor(l.lookupClass(), java.lang.invoke.MethodType.methodType(void.class))
                    .invoke();
            for (int k = 0; k < count; k++) if (sizes[k] == 8) b.prefixed |= 1L << k;
            return b;
        } catch (Throwable t) {
            throw new IllegalStateException("block compilation failed at 0x" + Long.toHexString(pc), t);
        }
    }
}
