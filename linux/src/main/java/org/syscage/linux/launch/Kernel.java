package org.syscage.linux.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.ffm.Syscalls;

/**
 * The system calls the launcher makes from Java, in the parent only, all through the C
 * library's {@code syscall(2)} with six arguments and errno captured right after the call.
 * Failures are {@link NativeException}s.
 *
 * <p>This is {@link org.syscage.linux.ffm.RawSyscall}'s call made leaner for start-up, which
 * {@code syscage run} pays on every use: the FFM linker generates a stub per call shape (several
 * milliseconds each, and the first one bootstraps the linker), so this class links exactly one
 * shape and nothing else, and it numbers calls from a small table rather than by loading the
 * syscall tables (tens of milliseconds). The numbers are x86_64's and the asm-generic table's
 * (aarch64), the two arches with a trampoline; a test checks them against the syscall tables.
 * Errno names for messages come from {@link org.syscage.linux.ffm.Libc}, linked only when a
 * call has failed.
 */
final class Kernel {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                    JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int PROT_EXEC = 0x4;
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int O_RDONLY = 0;
    static final int O_NOCTTY = 0x100;
    static final int O_CLOEXEC = 0x80000;
    static final int AT_FDCWD = -100;
    static final int POLLIN = 0x1;
    static final int POLLHUP = 0x10;
    static final int EINTR = 4;
    static final int ESRCH = 3;
    static final int ENOENT = 2;
    static final int SIGKILL = 9;
    /** asm-generic ioctl number, used by x86_64 and aarch64 alike. */
    static final int TIOCGPGRP = 0x540F;
    /** The kernel's {@code struct sigaction}: handler, flags, restorer, mask (x86_64 and aarch64). */
    static final long KERNEL_SIGACTION_BYTES = 32;
    static final long SIG_IGN = 1;

    /** The calls, with their x86_64 and asm-generic numbers. */
    enum Nr {
        READ(0, 63),
        CLOSE(3, 57),
        MMAP(9, 222),
        MPROTECT(10, 226),
        MUNMAP(11, 215),
        RT_SIGACTION(13, 134),
        IOCTL(16, 29),
        WAIT4(61, 260),
        KILL(62, 129),
        GETPGID(121, 155),
        TGKILL(234, 131),
        OPENAT(257, 56),
        PPOLL(271, 73),
        PIPE2(293, 59),
        PIDFD_SEND_SIGNAL(424, 424),
        PIDFD_OPEN(434, 434),
        PIDFD_GETFD(438, 438);

        final long x86_64;
        final long generic;

        Nr(long x86_64, long generic) {
            this.x86_64 = x86_64;
            this.generic = generic;
        }

        long number() {
            return HOST_IS_X86_64 ? x86_64 : generic;
        }
    }

    private static final boolean HOST_IS_X86_64 = Arch.host() == Arch.X86_64;

    private Kernel() {
    }

    /** Makes the call; returns the kernel's raw result: the value, or {@code -errno}. */
    static long raw(Nr nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long result = (long) SYSCALL.invokeExact(state, nr.number(), a0, a1, a2, a3, a4, a5);
            // libc turns the kernel's -errno into -1 and errno; undo that.
            return result == -1 ? -(int) ERRNO.get(state, 0L) : result;
        } catch (Throwable t) {
            throw new IllegalStateException("syscall(" + nr + ") could not be called", t);
        }
    }

    /** Makes the call, retried on EINTR; returns its result or throws {@link NativeException}. */
    static long call(Nr nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        while (true) {
            long result = raw(nr, a0, a1, a2, a3, a4, a5);
            if (result != -EINTR) {
                return Syscalls.check(nr.name().toLowerCase(Locale.ROOT), result);
            }
        }
    }

    static long call(Nr nr, long a0, long a1, long a2) {
        return call(nr, a0, a1, a2, 0, 0, 0);
    }

    static MemorySegment mmap(long length, int prot, int flags) {
        long address = call(Nr.MMAP, 0, length, prot, flags, -1, 0);
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    static void mprotect(MemorySegment region, int prot) {
        call(Nr.MPROTECT, region.address(), region.byteSize(), prot);
    }

    static void munmap(MemorySegment region) {
        call(Nr.MUNMAP, region.address(), region.byteSize(), 0);
    }

    /** {@code pipe2(fds, O_CLOEXEC)}: returns {read end, write end}. */
    static int[] pipeCloexec() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            call(Nr.PIPE2, fds.address(), O_CLOEXEC, 0);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** Reads up to {@code buffer.byteSize()} bytes; 0 means end of file. */
    static long read(int fd, MemorySegment buffer) {
        return call(Nr.READ, fd, buffer.address(), buffer.byteSize());
    }

    /** Closes a descriptor; errors are ignored, since on Linux the descriptor is gone either way. */
    static void close(int fd) {
        raw(Nr.CLOSE, fd, 0, 0, 0, 0, 0);
    }

    /** Opens {@code path} for reading; -1 if it cannot be opened. */
    static int openOrMinusOne(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            long fd = raw(Nr.OPENAT, AT_FDCWD, arena.allocateFrom(path).address(), flags, 0, 0, 0);
            return fd < 0 ? -1 : (int) fd;
        }
    }

    /** Whether {@code fd} is readable or at end of file within {@code timeoutMillis}. */
    static boolean pollReadable(int fd, int timeoutMillis) {
        return poll(fd, POLLIN, timeoutMillis) != 0;
    }

    /**
     * Waits until {@code fd} has one of {@code events} (or an error or hang-up, which are always
     * reported) and returns the events that occurred, 0 on timeout. A negative timeout waits
     * without limit.
     */
    static int poll(int fd, int events, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events, revents; }
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, (short) events);
            MemorySegment timeout = MemorySegment.NULL;
            if (timeoutMillis >= 0) {
                timeout = arena.allocate(16, 8); // struct timespec
                timeout.set(JAVA_LONG, 0, timeoutMillis / 1000);
                timeout.set(JAVA_LONG, 8, (timeoutMillis % 1000) * 1_000_000L);
            }
            long ready = call(Nr.PPOLL, pollfd.address(), 1, timeout.address());
            return ready == 0 ? 0 : pollfd.get(JAVA_SHORT, 6) & 0xffff;
        }
    }

    /** Waits for {@code pid} to end and returns its raw wait status. */
    static int waitpid(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            call(Nr.WAIT4, pid, status.address(), 0);
            return status.get(JAVA_INT, 0);
        }
    }

    /** Sends a signal by pid; only for an unreaped child of this process, whose pid cannot be reused. */
    static void kill(int pid, int signal) {
        call(Nr.KILL, pid, signal, 0);
    }

    /**
     * Sends a signal to one thread of a thread group; false if that thread is gone. Used for a
     * thread held in a seccomp notification, which cannot exit (so its id cannot be reused) until
     * it is answered or killed.
     */
    static boolean tgkill(int tgid, int tid, int signal) {
        return raw(Nr.TGKILL, tgid, tid, signal, 0, 0, 0) == 0;
    }

    /** The foreground process group of the terminal open on {@code fd}, or -1. */
    static int tcgetpgrp(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pgrp = arena.allocate(JAVA_INT);
            return raw(Nr.IOCTL, fd, TIOCGPGRP, pgrp.address(), 0, 0, 0) < 0 ? -1 : pgrp.get(JAVA_INT, 0);
        }
    }

    static int getpgrp() {
        return (int) call(Nr.GETPGID, 0, 0, 0);
    }

    /** {@code rt_sigaction(signal, act, oldact, 8)} with the kernel's struct; either may be NULL. */
    static void sigaction(int signal, MemorySegment act, MemorySegment oldact) {
        call(Nr.RT_SIGACTION, signal, act.address(), oldact.address(), 8, 0, 0);
    }

    /** {@code pidfd_open(pid, 0)}: a descriptor that names the process. */
    static int pidfdOpen(int pid) {
        return (int) call(Nr.PIDFD_OPEN, pid, 0, 0);
    }

    /** {@code pidfd_getfd(pidfd, targetfd, 0)}: a duplicate of another process's descriptor. */
    static int pidfdGetfd(int pidfd, int targetFd) {
        return (int) call(Nr.PIDFD_GETFD, pidfd, targetFd, 0);
    }

    /** {@code pidfd_send_signal(pidfd, signal, NULL, 0)}; false if the process has ended. */
    static boolean pidfdSendSignal(int pidfd, int signal) {
        long result = raw(Nr.PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0, 0, 0);
        if (result == -ESRCH) {
            return false;
        }
        Syscalls.check("pidfd_send_signal", result);
        return true;
    }
}
