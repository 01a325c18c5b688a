package org.syscage.linux.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Downcall handles to the few C library functions syscage's kernel layer uses. Everything that
 * can fail captures {@code errno} right after the call ({@link Linker.Option#captureCallState}),
 * because the JVM may run other native code (and clobber errno) before Java code could read it.
 *
 * <p>The handles assume an LP64 host, where C {@code long} and pointers are 64 bits: every JVM
 * that runs the final FFM API on Linux is one (x86_64, aarch64, riscv64, ppc64le, s390x).
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();

    /** The block the linker fills with errno after a call made with {@link #CAPTURE_ERRNO}. */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static {
        if (ADDRESS.byteSize() != Long.BYTES || LINKER.canonicalLayouts().get("long").byteSize() != Long.BYTES) {
            throw new UnsupportedOperationException("syscage's kernel layer needs a 64-bit (LP64) JVM");
        }
    }

    /**
     * {@code long syscall(long number, ...)} with six variadic {@code long} arguments: the kernel
     * reads the registers of the arguments a call takes and ignores the rest. Leading parameter:
     * the call-state segment.
     */
    static final MethodHandle SYSCALL = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);

    /** {@code int prctl(int option, ...)} with four variadic {@code unsigned long} arguments. */
    static final MethodHandle PRCTL = downcall("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);

    /** {@code pid_t gettid(void)}: cannot fail. */
    static final MethodHandle GETTID = downcall("gettid", FunctionDescriptor.of(JAVA_INT));

    private static final MethodHandle STRERROR = downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** glibc 2.32+ only; other C libraries fall back to "errno N". */
    private static final Optional<MethodHandle> STRERRORNAME_NP = LOOKUP.find("strerrorname_np")
            .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(ADDRESS, JAVA_INT)));

    private Libc() {
    }

    /** The errno a call made through one of these handles left in {@code callState}. */
    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** The symbolic name of an errno value, e.g. {@code EINVAL}, or {@code errno 1234}. */
    public static String errnoName(int errno) {
        if (STRERRORNAME_NP.isPresent()) {
            try {
                MemorySegment name = (MemorySegment) STRERRORNAME_NP.get().invokeExact(errno);
                if (!name.equals(MemorySegment.NULL)) {
                    return name.reinterpret(Long.MAX_VALUE).getString(0);
                }
            } catch (Throwable e) {
                throw new IllegalStateException("strerrorname_np failed", e);
            }
        }
        return "errno " + errno;
    }

    /** The C library's description of an errno value, e.g. {@code Invalid argument}. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable e) {
            throw new IllegalStateException("strerror failed", e);
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name + "()"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }
}
