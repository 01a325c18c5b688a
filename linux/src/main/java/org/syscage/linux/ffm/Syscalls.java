package org.syscage.linux.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** Checked wrappers over system calls and {@code prctl(2)}: failures become {@link NativeException}. */
public final class Syscalls {
    private Syscalls() {
    }

    /**
     * Calls syscall {@code nr} with up to six arguments (missing ones are 0) and returns the
     * kernel's raw result: the value, or {@code -errno}.
     */
    public static long raw(long nr, long... args) {
        if (args.length > 6) {
            throw new IllegalArgumentException("a system call takes at most 6 arguments, got " + args.length);
        }
        long[] a = Arrays.copyOf(args, 6);
        try (Arena arena = Arena.ofConfined()) {
            return new RawSyscall(arena).invoke(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        }
    }

    /** Like {@link #raw} but throws {@link NativeException} naming {@code call} when it fails. */
    public static long checked(String call, long nr, long... args) {
        return check(call, raw(nr, args));
    }

    /** Returns a raw result unchanged, or throws {@link NativeException} when it is {@code -errno}. */
    public static long check(String call, long result) {
        if (RawSyscall.isError(result)) {
            throw new NativeException((int) -result, call);
        }
        return result;
    }

    /** {@code prctl(option, a2, a3, a4, a5)}; {@code call} names it in errors. */
    public static int prctl(String call, int option, long a2, long a3, long a4, long a5) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int result;
            try {
                result = (int) Libc.PRCTL.invokeExact(state, option, a2, a3, a4, a5);
            } catch (Throwable e) {
                throw new IllegalStateException("prctl could not be called", e);
            }
            if (result == -1) {
                throw new NativeException(Libc.errno(state), call);
            }
            return result;
        }
    }

    /** The calling thread's kernel thread id. */
    public static int gettid() {
        try {
            return (int) Libc.GETTID.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("gettid could not be called", e);
        }
    }
}
