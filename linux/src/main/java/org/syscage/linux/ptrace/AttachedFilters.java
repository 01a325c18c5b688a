package org.syscage.linux.ptrace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.InputException;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.proc.ProcStatus;

/**
 * The filters attached to a live thread, read from the kernel with PTRACE_SECCOMP_GET_FILTER.
 *
 * <pre>{@code
 * List<byte[]> filters = AttachedFilters.read(pid, TraceOptions.ALL); // oldest first
 * }</pre>
 *
 * <p>The kernel numbers a thread's filters from the <em>oldest</em>: index 0 is the first filter
 * installed (inherited ones included), the last index the newest. (It keeps them as a list from
 * the newest back, and {@code get_nth_filter} counts from the far end of it.) Every filter runs
 * on every system call and the strictest result wins, so the order matters only for reading.
 *
 * <p>Reading needs the right to trace the thread (root, or CAP_SYS_PTRACE) and CAP_SYS_ADMIN.
 * The thread is stopped only for the time it takes: PTRACE_SEIZE, PTRACE_INTERRUPT, the reads,
 * PTRACE_DETACH.
 */
public final class AttachedFilters {
    private static final Duration POLL = Duration.ofMillis(1);

    private AttachedFilters() {
    }

    /**
     * Up to {@code limit} filters of thread {@code tid} (a process id names its main thread),
     * oldest first; empty when it runs without a filter.
     *
     * @throws InputException   when there is no such process
     * @throws PtraceException  when the thread cannot be traced or its filters cannot be read
     */
    public static List<byte[]> read(int tid, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1, got " + limit);
        }
        ProcStatus.read(tid); // a clear error for a pid that does not exist
        return TracerThread.call("syscage-filter-reader", () -> {
            try {
                Ptrace.seize(tid, 0);
            } catch (NativeException e) {
                throw Permissions.explainAttach(tid, e);
            }
            try {
                Ptrace.interrupt(tid);
                awaitStop(tid);
                List<byte[]> filters = new ArrayList<>();
                try {
                    for (int i = 0; i < limit; i++) {
                        Optional<byte[]> filter = Ptrace.seccompFilter(tid, i);
                        if (filter.isEmpty()) {
                            break;
                        }
                        filters.add(filter.get());
                    }
                } catch (NativeException e) {
                    throw Permissions.explainGetFilter(tid, e);
                }
                return filters;
            } finally {
                detachQuietly(tid);
            }
        });
    }

    /** Every filter of thread {@code tid}, oldest first. */
    public static List<byte[]> read(int tid) {
        return read(tid, TraceOptions.ALL);
    }

    /**
     * The newest filter of a tracee that this thread has stopped; empty when it has none.
     *
     * @throws NativeException when the kernel will not give filters out (EACCES, EIO, ...)
     */
    static Optional<byte[]> newestOfStopped(int tid) {
        // With a NULL buffer the request only returns the length, so counting costs no copies.
        int count = 0;
        while (true) {
            long length = Ptrace.raw(Ptrace.PTRACE_SECCOMP_GET_FILTER, tid, count, 0);
            if (length == -Ptrace.ENOENT || length == -Ptrace.EINVAL) {
                break;
            }
            if (Ptrace.isError(length)) {
                throw new NativeException((int) -length, "ptrace(PTRACE_SECCOMP_GET_FILTER, " + tid + ")");
            }
            count++;
        }
        return count == 0 ? Optional.empty() : Ptrace.seccompFilter(tid, count - 1);
    }

    /**
     * Waits for the PTRACE_INTERRUPT stop. Another thread of this JVM may be blocked in waitpid
     * for the same process (the JDK's reaper, when the JVM started it as a {@link Process}) and
     * take the notification first; the thread's state in /proc then tells that it has stopped.
     */
    private static void awaitStop(int tid) throws InterruptedException {
        while (true) {
            Optional<WaitStatus> status = Ptrace.wait(tid, Ptrace.__WALL | Ptrace.__WNOTHREAD | Ptrace.WNOHANG);
            if (status.isPresent() && status.get().stopped()) {
                return;
            }
            if (status.isPresent() && status.get().ended()) {
                throw new InputException("pid " + tid + " ended while syscage attached to it");
            }
            ProcStatus now = ProcStatus.read(tid);
            if (now.state() == 't') {
                return;
            }
            Thread.sleep(POLL);
        }
    }

    private static void detachQuietly(int tid) {
        long result = Ptrace.raw(Ptrace.PTRACE_DETACH, tid, 0, 0);
        if (Ptrace.isError(result) && result != -Ptrace.ESRCH) {
            throw new NativeException((int) -result, "ptrace(PTRACE_DETACH, " + tid + ")");
        }
    }
}
