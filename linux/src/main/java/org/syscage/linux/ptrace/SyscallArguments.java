package org.syscage.linux.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * The six arguments of the system call a tracee is stopped in, read on demand from the
 * PTRACE_GET_SYSCALL_INFO buffer the tracer already filled for this stop (the entry and seccomp
 * variants both keep them at offset 32). One instance serves every stop, so a listener that
 * looks at the arguments of a few calls only costs nothing on the others; it is valid only
 * during the {@link SyscallTracer.Listener} call it is passed to.
 */
public final class SyscallArguments {
    private final MemorySegment info;

    SyscallArguments(MemorySegment info) {
        this.info = info;
    }

    /**
     * Arguments given as values (up to six, the rest 0), laid out as the kernel's buffer is: for
     * tests, and for backends that get the arguments some other way.
     */
    public static SyscallArguments of(long... args) {
        if (args.length > 6) {
            throw new IllegalArgumentException(args.length + " syscall arguments, expected at most 6");
        }
        long[] words = new long[SyscallInfo.ARGS_OFFSET / 8 + 6];
        System.arraycopy(args, 0, words, SyscallInfo.ARGS_OFFSET / 8, args.length);
        return new SyscallArguments(MemorySegment.ofArray(words));
    }

    /** Argument {@code index} (0..5) as the kernel passes it to seccomp: an unsigned 64-bit value. */
    public long get(int index) {
        if (index < 0 || index > 5) {
            throw new IndexOutOfBoundsException("syscall argument " + index + " outside 0..5");
        }
        return info.get(JAVA_LONG, SyscallInfo.ARGS_OFFSET + 8L * index);
    }
}
