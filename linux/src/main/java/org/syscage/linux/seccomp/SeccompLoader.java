package org.syscage.linux.seccomp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.ffm.RawSyscall;
import org.syscage.linux.ffm.Syscalls;

/**
 * Installs a seccomp filter on the calling thread (and, with {@link Flag#TSYNC}, on every thread
 * of the process). Fails closed: when the kernel refuses the program or a flag, the call throws
 * and nothing is installed; it never carries on unfiltered.
 *
 * <p>A filter is a property of a thread. Without TSYNC only the calling thread and the threads
 * and processes it creates afterwards run under it; the JVM's other threads do not.
 */
public final class SeccompLoader {
    /** {@code SECCOMP_FILTER_FLAG_*}: options of {@code seccomp(SECCOMP_SET_MODE_FILTER)}. */
    public enum Flag {
        /** Install on every thread of the process, or fail naming the thread that cannot follow. */
        TSYNC(1),
        /** Log every action but ALLOW (as kernel.seccomp.actions_logged permits); by default only kills and LOG are. */
        LOG(1 << 1),
        /** Keep Speculative Store Bypass mitigation off. */
        SPEC_ALLOW(1 << 2),
        /** Return a user-notification fd for SECCOMP_RET_USER_NOTIF. */
        NEW_LISTENER(1 << 3),
        /** With TSYNC: fail with ESRCH instead of returning a thread id (needed with NEW_LISTENER). */
        TSYNC_ESRCH(1 << 4),
        /** Notified tasks wait killably once the listener has received the notification. */
        WAIT_KILLABLE_RECV(1 << 5);

        private final long bit;

        Flag(long bit) {
            this.bit = bit;
        }

        public long bit() {
            return bit;
        }

        static long bits(Set<Flag> flags) {
            return flags.stream().mapToLong(Flag::bit).reduce(0, (a, b) -> a | b);
        }
    }

    private static final int PR_SET_SECCOMP = 22;
    private static final int PR_GET_SECCOMP = 21;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int SECCOMP_MODE_FILTER = 2;
    private static final long SECCOMP_SET_MODE_FILTER = 1;
    /** ENOSYS on every arch a 64-bit JVM runs on (mips and parisc number it differently). */
    private static final int ENOSYS = 38;

    private SeccompLoader() {
    }

    /**
     * Sets no_new_privs on the calling thread and installs {@code program}, a {@code sock_filter}
     * array in host byte order.
     *
     * @return the user-notification fd when {@code flags} has {@link Flag#NEW_LISTENER}, else 0
     * @throws NativeException when the kernel refuses (EINVAL for an invalid program or flag,
     *                         EACCES without no_new_privs or CAP_SYS_ADMIN, ...)
     */
    public static int load(byte[] program, Set<Flag> flags) {
        try (Arena arena = Arena.ofConfined()) {
            return load(SockFprog.allocate(arena, program), flags, new RawSyscall(arena));
        }
    }

    /**
     * The allocation-free form of {@link #load(byte[], Set)}: once the filter is in place the
     * calling thread makes no further system call here, so a thread can install a filter that
     * denies almost everything and still get back to its caller.
     *
     * @param sockFprog a {@code sock_fprog} from {@link SockFprog#allocate}
     */
    public static int load(MemorySegment sockFprog, Set<Flag> flags, RawSyscall syscall) {
        // Without no_new_privs the kernel demands CAP_SYS_ADMIN; setting it is what lets an
        // unprivileged process filter itself. It is per thread and inherited, never cleared.
        Syscalls.prctl("prctl(PR_SET_NO_NEW_PRIVS)", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        long bits = Flag.bits(flags);
        long result = syscall.invoke(HostSyscall.SECCOMP.number(), SECCOMP_SET_MODE_FILTER, bits,
                sockFprog.address(), 0, 0, 0);
        if (result == -ENOSYS) {
            return loadWithPrctl(sockFprog, flags);
        }
        if (RawSyscall.isError(result)) {
            throw new NativeException((int) -result, "seccomp(SECCOMP_SET_MODE_FILTER, " + flags + ")");
        }
        if (flags.contains(Flag.TSYNC) && !flags.contains(Flag.NEW_LISTENER) && result > 0) {
            // TSYNC's failure report: the id of a thread that could not take the filter.
            throw new IllegalStateException("seccomp TSYNC: thread " + result
                    + " cannot take the filter (it runs under a diverging filter); nothing was installed");
        }
        return (int) result;
    }

    /** Kernels before 3.17 have no seccomp(2); prctl installs a filter but takes no flags. */
    private static int loadWithPrctl(MemorySegment sockFprog, Set<Flag> flags) {
        if (!flags.isEmpty()) {
            throw new NativeException(ENOSYS, "seccomp(SECCOMP_SET_MODE_FILTER, " + flags
                    + "): this kernel has no seccomp(2), and prctl cannot take flags");
        }
        Syscalls.prctl("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
                sockFprog.address(), 0, 0);
        return 0;
    }

    /** The calling thread's seccomp mode: 0 none, 1 strict, 2 filter. */
    public static int currentMode() {
        return Syscalls.prctl("prctl(PR_GET_SECCOMP)", PR_GET_SECCOMP, 0, 0, 0, 0);
    }
}
