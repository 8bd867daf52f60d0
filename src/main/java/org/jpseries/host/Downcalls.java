package org.jpseries.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * libc calls by {@code java.lang.foreign}, set up once for every package that needs the host
 * ({@link Libc} here, {@code block.BlockLibc}): a downcall handle that captures errno at the call
 * (its first argument is the calling thread's {@link #callState}), one that does not, the errno a
 * call left, and strerror(3)'s text.
 */
public final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** Per-thread room for the captured errno (calls are made from few, long-lived threads). */
    private static final ThreadLocal<MemorySegment> CALL_STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Downcalls() {}

    /** libc's {@code name}, capturing errno: invoke it with {@link #callState()} first. */
    public static MethodHandle errnoCall(String name, FunctionDescriptor d, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, opts, 1, extra.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, opts);
    }

    /** libc's {@code name}, without errno. */
    public static MethodHandle plainCall(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d);
    }

    /** The calling thread's capture-state segment for {@link #errnoCall} handles. */
    public static MemorySegment callState() {
        return CALL_STATE.get();
    }

    /** The errno the last call through {@code state} left. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The text of an errno value, as strerror(3) gives it. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
