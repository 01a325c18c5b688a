package org.syscage.linux.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
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
 * The C library calls the launcher makes from Java, in the parent only. Each call that can fail
 * captures errno right after it returns, because the JVM may run other native code before Java
 * code could read it; failures come back as {@link Errno} exceptions.
 *
 * <p>All handles assume LP64 (64-bit {@code long}, {@code size_t} and pointers), as on every
 * Linux JVM with the final FFM API.
 */
final class Posix {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int PROT_EXEC = 0x4;
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int O_RDONLY = 0;
    static final int O_NOCTTY = 0x100;
    static final int O_CLOEXEC = 0x80000;
    static final int POLLIN = 0x1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ECHILD = 10;
    static final int ESRCH = 3;
    static final int SIGKILL = 9;

    // The syscall numbers x86_64 and the asm-generic table (aarch64, riscv64, loongarch64)
    // share: both gave pidfd_open and pidfd_getfd the same number.
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_GETFD = 438;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;

    private static final MethodHandle MMAP = errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MPROTECT = errnoCall("mprotect",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MUNMAP = errnoCall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PIPE2 = errnoCall("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = errnoCall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = errnoCall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = errnoCall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = errnoCall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle WAITPID = errnoCall("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = errnoCall("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle TCGETPGRP = errnoCall("tcgetpgrp",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETPGRP = plainCall("getpgrp", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SIGACTION = errnoCall("sigaction",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    /** Six arguments always: the kernel reads every register a call takes, passed or not. */
    private static final MethodHandle SYSCALL = errnoCall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    /** glibc 2.32 and later; elsewhere errno names fall back to numbers. */
    private static final Optional<MethodHandle> STRERRORNAME_NP = LIBC.find("strerrorname_np")
            .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(ADDRESS, JAVA_INT)));

    /** glibc's {@code struct sigaction} is 152 bytes on x86_64 and aarch64; room to spare. */
    static final long SIGACTION_BYTES = 256;
    /** {@code sa_handler} is the first member of glibc's {@code struct sigaction}. */
    static final long SA_HANDLER_OFFSET = 0;
    static final long SIG_IGN = 1;

    private Posix() {
    }

    /** A failed C library call: the function's name and the errno it left. */
    static final class Errno extends RuntimeException {
        private final int errno;

        Errno(String function, int errno) {
            super(function + ": " + errnoName(errno) + " (" + strerror(errno) + ")");
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    static MemorySegment mmap(long length, int prot, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags,
                    -1, 0L);
            if (address.address() == -1L) {
                throw new Errno("mmap", errno(state));
            }
            return address.reinterpret(length);
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap could not be called", t);
        }
    }

    static void munmap(MemorySegment region) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) MUNMAP.invokeExact(state, region, region.byteSize());
            check("munmap", rc, state);
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap could not be called", t);
        }
    }

    static void mprotect(MemorySegment region, int prot) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) MPROTECT.invokeExact(state, region, region.byteSize(), prot);
            check("mprotect", rc, state);
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mprotect could not be called", t);
        }
    }

    /** {@code pipe2(fds, O_CLOEXEC)}: returns {read end, write end}. */
    static int[] pipeCloexec() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int rc = (int) PIPE2.invokeExact(state, fds, O_CLOEXEC);
            check("pipe2", rc, state);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("pipe2 could not be called", t);
        }
    }

    /** Reads up to {@code buffer.byteSize()} bytes; retries on EINTR; 0 means end of file. */
    static long read(int fd, MemorySegment buffer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                long n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
                if (n >= 0) {
                    return n;
                }
                if (errno(state) != EINTR) {
                    throw new Errno("read", errno(state));
                }
            }
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("read could not be called", t);
        }
    }

    /** Closes a descriptor; errors are ignored, since the descriptor is gone either way on Linux. */
    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close could not be called", t);
        }
    }

    /** {@code open(path, flags)}; returns the descriptor or -1 with no exception. */
    static int openOrMinusOne(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(arena.allocate(CALL_STATE), arena.allocateFrom(path), flags, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("open could not be called", t);
        }
    }

    /** Whether {@code fd} is readable or at end of file within {@code timeoutMillis}. */
    static boolean pollReadable(int fd, int timeoutMillis) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events, revents; }
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
            int rc = (int) POLL.invokeExact(state, pollfd, 1L, timeoutMillis);
            if (rc < 0 && errno(state) != EINTR) {
                throw new Errno("poll", errno(state));
            }
            return rc > 0;
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("poll could not be called", t);
        }
    }

    /** Waits for {@code pid} to end (retrying on EINTR) and returns its raw wait status. */
    static int waitpid(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(state, pid, status, 0);
                if (rc == pid) {
                    return status.get(JAVA_INT, 0);
                }
                if (errno(state) != EINTR) {
                    throw new Errno("waitpid", errno(state));
                }
            }
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("waitpid could not be called", t);
        }
    }

    /** Sends a signal; returns false if the process is gone (ESRCH). */
    static boolean kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) KILL.invokeExact(state, pid, signal);
            if (rc < 0 && errno(state) != ESRCH) {
                throw new Errno("kill", errno(state));
            }
            return rc == 0;
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kill could not be called", t);
        }
    }

    /** The foreground process group of the terminal open on {@code fd}, or -1. */
    static int tcgetpgrp(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) TCGETPGRP.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("tcgetpgrp could not be called", t);
        }
    }

    static int getpgrp() {
        try {
            return (int) GETPGRP.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getpgrp could not be called", t);
        }
    }

    /** {@code sigaction(signal, act, oldact)}; either segment may be NULL. */
    static void sigaction(int signal, MemorySegment act, MemorySegment oldact) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SIGACTION.invokeExact(state, signal, act, oldact);
            check("sigaction", rc, state);
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sigaction could not be called", t);
        }
    }

    /** {@code pidfd_open(pid, 0)}: a descriptor that names the process. */
    static int pidfdOpen(int pid) {
        return (int) syscall("pidfd_open", SYS_PIDFD_OPEN, pid, 0, 0);
    }

    /** {@code pidfd_getfd(pidfd, targetfd, 0)}: a duplicate of another process's descriptor. */
    static int pidfdGetfd(int pidfd, int targetFd) {
        return (int) syscall("pidfd_getfd", SYS_PIDFD_GETFD, pidfd, targetFd, 0);
    }

    /** {@code pidfd_send_signal(pidfd, signal, NULL, 0)}; false if the process has ended. */
    static boolean pidfdSendSignal(int pidfd, int signal) {
        try {
            syscall("pidfd_send_signal", SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0);
            return true;
        } catch (Errno e) {
            if (e.errno() == ESRCH) {
                return false;
            }
            throw e;
        }
    }

    private static long syscall(String name, long nr, long a0, long a1, long a2) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long rc = (long) SYSCALL.invokeExact(state, nr, a0, a1, a2, 0L, 0L, 0L);
            if (rc < 0) {
                throw new Errno(name, errno(state));
            }
            return rc;
        } catch (Errno e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(name + " could not be called", t);
        }
    }

    /** The symbolic name of an errno value such as {@code EPERM}, or {@code errno N}. */
    static String errnoName(int errno) {
        if (STRERRORNAME_NP.isPresent()) {
            try {
                MemorySegment name = (MemorySegment) STRERRORNAME_NP.get().invokeExact(errno);
                if (!name.equals(MemorySegment.NULL)) {
                    return name.reinterpret(Long.MAX_VALUE).getString(0);
                }
            } catch (Throwable t) {
                throw new IllegalStateException("strerrorname_np could not be called", t);
            }
        }
        return "errno " + errno;
    }

    /** The C library's description of an errno value, e.g. {@code Operation not permitted}. */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException("strerror could not be called", t);
        }
    }

    private static void check(String function, int rc, MemorySegment state) {
        if (rc < 0) {
            throw new Errno(function, errno(state));
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(symbol(name), descriptor, all);
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name + "()"));
    }
}
