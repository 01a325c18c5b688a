package org.syscage.linux.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Makes system calls through libc's {@code syscall(2)} and hands back what the kernel returned:
 * a non-negative result or {@code -errno}.
 *
 * <p>Each instance owns its errno capture block, so {@link #invoke} allocates nothing and makes
 * no system call of its own. That matters on a thread that runs under a seccomp filter under
 * test: anything beyond the probed call itself could be denied by the filter. An instance is
 * meant for one thread at a time.
 */
public final class RawSyscall {
    /** The largest errno the kernel returns; values in [-MAX_ERRNO, -1] are errors. */
    public static final int MAX_ERRNO = 4095;

    private final MemorySegment callState;

    public RawSyscall(Arena arena) {
        this.callState = arena.allocate(Libc.CALL_STATE);
    }

    /** Calls syscall {@code nr} with six arguments; returns the result, or {@code -errno}. */
    public long invoke(long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        long result;
        try {
            result = (long) Libc.SYSCALL.invokeExact(callState, nr, a0, a1, a2, a3, a4, a5);
        } catch (Throwable e) {
            throw new IllegalStateException("syscall(" + nr + ") could not be called", e);
        }
        // libc turns the kernel's -errno into -1 plus errno; undo that to get the raw result.
        return result == -1 ? -Libc.errno(callState) : result;
    }

    /** Whether a raw result is {@code -errno}. */
    public static boolean isError(long result) {
        return result < 0 && result >= -MAX_ERRNO;
    }
}
