package org.syscage.linux.seccomp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.ffm.RawSyscall;
import org.syscage.linux.ffm.Syscalls;

/**
 * The child side of {@link KernelProbe}: {@code FilterProbe <exchange-file> <call-timeout-ms>}.
 *
 * <p>The filter goes on one fresh platform thread only (no TSYNC), which then makes the probed
 * calls; the JVM's own threads (GC, JIT, this main thread) stay unfiltered, so the filter under
 * test can deny nearly anything without breaking the JVM around the probe. The probe thread
 * records each call in the shared exchange file before and after making it, with plain stores.
 *
 * <p>This main thread watches: a probe thread that vanished was killed alone (KILL_THREAD), one
 * stuck on a call past the time limit is abandoned; either way a new probe thread, with the
 * filter installed afresh, goes on with the next call. A kill of the whole process needs no
 * watching: the parent sees it in the exit status and the STARTED mark of the call.
 */
public final class FilterProbe {
    private static final int PR_SET_DUMPABLE = 4;
    private static final Duration POLL = Duration.ofMillis(1);

    private FilterProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        Duration callTimeout = Duration.ofMillis(Long.parseLong(args[1]));
        // Shared: the probe threads write the exchange while this thread reads it.
        Arena arena = Arena.ofShared();
        ProbeExchange exchange = ProbeExchange.open(file, arena);
        // No core file when the filter kills us (KILL_PROCESS and TRAP dump core by default).
        Syscalls.prctl("prctl(PR_SET_DUMPABLE)", PR_SET_DUMPABLE, 0, 0, 0, 0);
        long[][] argv = arguments(exchange, arena);
        MemorySegment sockFprog = SockFprog.allocate(arena, exchange.program());
        RawSyscall mainSyscall = new RawSyscall(arena);

        int exit = watch(exchange, argv, sockFprog, arena, callTimeout);
        // exit_group straight away: an orderly JVM shutdown could wait on a filtered thread.
        mainSyscall.invoke(HostSyscall.EXIT_GROUP.number(), exit, 0, 0, 0, 0, 0);
    }

    /** Runs probe threads until every call has an outcome; returns the exit code for the parent. */
    private static int watch(ProbeExchange exchange, long[][] argv, MemorySegment sockFprog, Arena arena,
                             Duration callTimeout) throws InterruptedException {
        int next = exchange.start();
        long generation = 0;
        while (next < exchange.callCount()) {
            generation++;
            exchange.setGeneration(generation);
            exchange.setTid(0);
            Thread.ofPlatform().name("seccomp-probe-" + generation)
                    .start(new ProbeThread(exchange, argv, sockFprog, arena, next, generation));
            int stuckCall = -1;
            long stuckSince = 0;
            while (true) {
                Thread.sleep(POLL);
                if (exchange.loadErrno() != 0) {
                    return 3;
                }
                // Look for the thread before reading "done": a thread that finished and left
                // has set "done" by the time it is gone.
                int tid = exchange.tid();
                boolean gone = tid != 0 && !Files.exists(Path.of("/proc/self/task/" + tid));
                if (exchange.done() == generation) {
                    return 0;
                }
                int current = firstUnfinished(exchange, next);
                if (gone) {
                    if (exchange.status(current) != ProbeExchange.STARTED) {
                        System.err.println("the probe thread died outside a probed call: the filter killed"
                                + " a system call the JVM made on it");
                        return 4;
                    }
                    exchange.mark(current, ProbeExchange.THREAD_KILLED);
                    next = current + 1;
                    break;
                }
                if (current != stuckCall) {
                    stuckCall = current;
                    stuckSince = System.nanoTime();
                } else if (exchange.status(current) == ProbeExchange.STARTED
                        && System.nanoTime() - stuckSince > callTimeout.toNanos()) {
                    exchange.mark(current, ProbeExchange.TIMED_OUT);
                    next = current + 1;
                    break;
                }
            }
        }
        return 0;
    }

    private static int firstUnfinished(ProbeExchange exchange, int from) {
        int i = from;
        while (i < exchange.callCount() - 1 && exchange.status(i) == ProbeExchange.RETURNED) {
            i++;
        }
        return i;
    }

    /** Every call's six argument words, with buffers allocated now, before any filter exists. */
    private static long[][] arguments(ProbeExchange exchange, Arena arena) {
        long[][] argv = new long[exchange.callCount()][ProbeCall.MAX_ARGS + 1];
        for (int c = 0; c < argv.length; c++) {
            argv[c][0] = exchange.nr(c);
            for (int a = 0; a < ProbeCall.MAX_ARGS; a++) {
                long value = exchange.arg(c, a);
                argv[c][a + 1] = exchange.isBuffer(c, a) ? arena.allocate(value, 16).address() : value;
            }
        }
        return argv;
    }

    /**
     * Installs the filter on itself, then makes the calls. Between the two it allocates nothing
     * and calls nothing but the probed system calls: whatever else it did, the filter would judge.
     */
    private record ProbeThread(ProbeExchange exchange, long[][] argv, MemorySegment sockFprog, Arena arena,
                               int first, long generation) implements Runnable {
        @Override
        public void run() {
            RawSyscall syscall = new RawSyscall(arena);
            long exitNr = HostSyscall.EXIT.number();
            // Link the downcall and the exchange's accessors now, while class loading may still
            // open files and map memory.
            syscall.invoke(HostSyscall.GETPID.number(), 0, 0, 0, 0, 0, 0);
            exchange.markStarted(first);
            exchange.mark(first, ProbeExchange.NOT_RUN);
            exchange.setTid(Syscalls.gettid());
            try {
                SeccompLoader.load(sockFprog, Set.of(), syscall);
            } catch (NativeException e) {
                exchange.setLoadErrno(e.errno());
                return;
            }
            for (int i = first; i < argv.length; i++) {
                if (exchange.generation() != generation) {
                    return; // abandoned after a time-out; a newer thread owns the calls
                }
                long[] call = argv[i];
                exchange.markStarted(i);
                long result = syscall.invoke(call[0], call[1], call[2], call[3], call[4], call[5], call[6]);
                exchange.markReturned(i, result);
            }
            exchange.setDone(generation);
            // Leave without the JVM's thread teardown, whose system calls the filter may deny:
            // exit(2) ends just this thread. Should the filter deny exit too, spin until the
            // main thread ends the process.
            syscall.invoke(exitNr, 0, 0, 0, 0, 0, 0);
            while (true) {
                Thread.onSpinWait();
            }
        }
    }
}
