package org.syscage.linux.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.ffm.RawSyscall;
import org.syscage.linux.ffm.Syscalls;
import org.syscage.linux.seccomp.SockFprog;

/**
 * The ptrace(2) requests syscage's tracers make, as raw system calls (the libc wrapper is
 * variadic and changes the meaning of the PEEK requests; none of those is used here).
 *
 * <p>ptrace is per thread on both sides: a tracee is attached to the <em>thread</em> that attached
 * it, and only that thread may send it requests. Every method here must therefore run on the same
 * platform thread for a given tracee; {@link TracerThread} provides one.
 */
final class Ptrace {
    static final int PTRACE_CONT = 7;
    static final int PTRACE_GETREGS = 12;
    static final int PTRACE_SETREGS = 13;
    static final int PTRACE_DETACH = 17;
    static final int PTRACE_SYSCALL = 24;
    static final int PTRACE_SETOPTIONS = 0x4200;
    static final int PTRACE_GETEVENTMSG = 0x4201;
    static final int PTRACE_SEIZE = 0x4206;
    static final int PTRACE_INTERRUPT = 0x4207;
    static final int PTRACE_LISTEN = 0x4208;
    static final int PTRACE_SECCOMP_GET_FILTER = 0x420c;
    static final int PTRACE_GET_SYSCALL_INFO = 0x420e;

    static final int O_TRACESYSGOOD = 1;
    static final int O_TRACEFORK = 1 << 1;
    static final int O_TRACEVFORK = 1 << 2;
    static final int O_TRACECLONE = 1 << 3;
    static final int O_TRACEEXEC = 1 << 4;
    static final int O_TRACESECCOMP = 1 << 7;
    static final int O_EXITKILL = 1 << 20;

    static final int EVENT_FORK = 1;
    static final int EVENT_VFORK = 2;
    static final int EVENT_CLONE = 3;
    static final int EVENT_EXEC = 4;
    static final int EVENT_SECCOMP = 7;
    static final int EVENT_STOP = 128;

    static final int ESRCH = 3;
    static final int ECHILD = 10;
    static final int ENOENT = 2;
    static final int EPERM = 1;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int EIO = 5;

    /** wait4 options. */
    static final int WNOHANG = 1;
    static final int WUNTRACED = 2;
    /** Wait only for this thread's own children and tracees, not those of the JVM's other threads. */
    static final int __WNOTHREAD = 0x20000000;
    /** Wait for every kind of child: threads (clone children) as well as processes. */
    static final int __WALL = 0x40000000;

    static final int SIGKILL = 9;
    static final int SIGCONT = 18;

    private Ptrace() {
    }

    /** Raw ptrace: the result or {@code -errno}. */
    static long raw(int request, int pid, long addr, long data) {
        return Syscalls.raw(HostSyscall.PTRACE.number(), request, pid, addr, data);
    }

    static long checked(String what, int request, int pid, long addr, long data) {
        return Syscalls.check(what, raw(request, pid, addr, data));
    }

    /** Attaches without stopping the tracee (PTRACE_SEIZE), with {@code options} set from the start. */
    static void seize(int pid, int options) {
        checked("ptrace(PTRACE_SEIZE, " + pid + ")", PTRACE_SEIZE, pid, 0, options);
    }

    /** Stops a seized tracee; it reports a PTRACE_EVENT_STOP. */
    static void interrupt(int pid) {
        checked("ptrace(PTRACE_INTERRUPT, " + pid + ")", PTRACE_INTERRUPT, pid, 0, 0);
    }

    /** Detaches from a stopped tracee, letting it run on. */
    static void detach(int pid) {
        checked("ptrace(PTRACE_DETACH, " + pid + ")", PTRACE_DETACH, pid, 0, 0);
    }

    /**
     * Resumes a stopped tracee (with {@code request} PTRACE_SYSCALL or PTRACE_LISTEN)
     * delivering {@code signal} (0 for none). Returns false when the tracee is gone (ESRCH): a
     * SIGKILL can end it at any moment, and its death is then reported by wait.
     */
    static boolean resume(int request, int pid, int signal) {
        long result = raw(request, pid, 0, signal);
        if (result == -ESRCH) {
            return false;
        }
        Syscalls.check("ptrace(" + request + ", " + pid + ", signal " + signal + ")", result);
        return true;
    }

    /** The tracee's current system call stop, decoded; the tracee must be stopped. */
    static SyscallInfo syscallInfo(int pid, Arena arena) {
        MemorySegment buffer = arena.allocate(SyscallInfo.BYTES, Long.BYTES);
        long size = checked("ptrace(PTRACE_GET_SYSCALL_INFO, " + pid + ")", PTRACE_GET_SYSCALL_INFO, pid,
                SyscallInfo.BYTES, buffer.address());
        return SyscallInfo.decode(buffer.asSlice(0, Math.min(size, SyscallInfo.BYTES)).toArray(JAVA_BYTE));
    }

    /**
     * Filter {@code index} of a stopped tracee (0 is the oldest), as the kernel keeps it: the
     * program as it was given to seccomp(2), in the tracee's byte order. Empty when the tracee
     * has no filter at that index (ENOENT), or has none at all (EINVAL).
     *
     * @throws NativeException EACCES without CAP_SYS_ADMIN or when the caller itself runs
     *                         under seccomp; EMEDIUMTYPE for a filter kept without its original
     *                         program; EIO from a kernel without CONFIG_CHECKPOINT_RESTORE
     */
    static Optional<byte[]> seccompFilter(int pid, int index) {
        String what = "ptrace(PTRACE_SECCOMP_GET_FILTER, " + pid + ", " + index + ")";
        // A NULL buffer asks for the length only; the kernel then copies len * 8 bytes.
        long length = raw(PTRACE_SECCOMP_GET_FILTER, pid, index, 0);
        if (length == -ENOENT || length == -EINVAL) {
            return Optional.empty();
        }
        Syscalls.check(what, length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(length * SockFprog.INSTRUCTION_BYTES, Long.BYTES);
            long copied = checked(what, PTRACE_SECCOMP_GET_FILTER, pid, index, buffer.address());
            return Optional.of(buffer.asSlice(0, copied * SockFprog.INSTRUCTION_BYTES).toArray(JAVA_BYTE));
        }
    }

    /** The message of the last PTRACE_EVENT stop (a new child's id, the former id of an exec'ing thread). */
    static long eventMessage(int pid, Arena arena) {
        MemorySegment message = arena.allocate(JAVA_LONG);
        checked("ptrace(PTRACE_GETEVENTMSG, " + pid + ")", PTRACE_GETEVENTMSG, pid, 0, message.address());
        return message.get(JAVA_LONG, 0);
    }

    /**
     * wait4(pid, &status, options): the status of a child or tracee that changed state; empty
     * when there is nothing to wait for (ECHILD) or, with WNOHANG, nothing has changed yet.
     */
    static Optional<WaitStatus> wait(int pid, int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            long result;
            do {
                result = Syscalls.raw(HostSyscall.WAIT4.number(), pid, status.address(), options, 0);
            } while (result == -4); // EINTR: the JVM's own signals may interrupt the wait
            if (result == -ECHILD || result == 0) {
                return Optional.empty();
            }
            Syscalls.check("wait4(" + pid + ")", result);
            return Optional.of(new WaitStatus((int) result, status.get(JAVA_INT, 0)));
        }
    }

    /** Sends {@code signal} to the process that thread {@code pid} belongs to; false when it is gone. */
    static boolean kill(int pid, int signal) {
        long result = Syscalls.raw(HostSyscall.KILL.number(), pid, signal);
        if (result == -ESRCH) {
            return false;
        }
        Syscalls.check("kill(" + pid + ", " + signal + ")", result);
        return true;
    }

    static boolean isError(long result) {
        return RawSyscall.isError(result);
    }
}
