package org.syscage.linux.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.RawSyscall;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.launch.GracefulStop;
import org.syscage.linux.launch.Interrupts;
import org.syscage.linux.proc.ProcStatus;

/**
 * Runs a command under ptrace and reports every system call entry of it and of every process and
 * thread it creates (fork, vfork, clone, clone3, exec followed), from the command's own execve on.
 *
 * <pre>{@code
 * SyscallTracer.Result r = SyscallTracer.run(List.of("ls", "/"), System.getenv(), true,
 *         (tid, auditArch, nr) -> counts[(int) nr]++);
 * }</pre>
 *
 * <h2>One stop per system call</h2>
 * PTRACE_SYSCALL stops a tracee twice per call (entry and exit), and each stop costs two context
 * switches. With {@code seccompStops}, syscage instead installs a one-instruction seccomp filter,
 * {@code ret SECCOMP_RET_TRACE}, in the command before its execve and resumes tracees with
 * PTRACE_CONT: the kernel then stops each call once, at its entry, as a PTRACE_EVENT_SECCOMP
 * (PTRACE_O_TRACESECCOMP). The filter must be installed while the process is already traced
 * (a TRACE result with no tracer fails the call with ENOSYS), so syscage injects it: at the
 * starting shell's execve entry stop it turns the call into {@code seccomp(SET_MODE_FILTER)}
 * (preceded by {@code prctl(PR_SET_NO_NEW_PRIVS)} when the kernel asks for it, that is without
 * CAP_SYS_ADMIN), and at the exit stop restores the registers and moves the instruction pointer
 * back over the {@code syscall} instruction, so the execve runs again, now under the filter. This
 * register surgery is written for x86_64; elsewhere, or when the kernel refuses the filter,
 * tracing falls back to PTRACE_SYSCALL with two stops ({@link Result#stops()} says which ran).
 *
 * <p>The filter stays for the command's life: filters cannot be removed, and a later, narrower
 * filter cannot let through what an earlier one traces (the kernel keeps the most severe result
 * of all filters, and TRACE outranks ALLOW). So syscalls already seen still stop once each.
 *
 * <h2>Cost</h2>
 * The loop allocates nothing per stop: the wait status, the PTRACE_GET_SYSCALL_INFO buffer and
 * the syscall's errno block are allocated once, and the listener gets primitives and one reused
 * {@link SyscallArguments} view over that buffer.
 *
 * <h2>Ending</h2>
 * Tracing ends when the last traced process has ended. PTRACE_O_EXITKILL kills every tracee
 * should syscage die first. With {@link Interrupts}, a signal syscage catches goes to every
 * traced process, and those still there after the grace period are killed: the trace then ends
 * as usual, with every call made so far. Every call is reported at its entry stop, before it runs, so a
 * process that exits (or is killed) right after loses nothing already reported.
 */
public final class SyscallTracer {

    private SyscallTracer() {
    }

    /** Receives each system call entry, on the tracer's thread, while the calling thread is stopped. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param tid       the thread that made the call
         * @param auditArch the call's AUDIT_ARCH_* (i386 for {@code int 0x80} on x86_64)
         * @param nr        the call's number as the kernel saw it (x32 calls have bit 30 set)
         * @param args      the call's arguments: a view over the tracer's buffer, valid during
         *                  this call only, so reading it allocates nothing
         */
        void syscall(int tid, int auditArch, long nr, SyscallArguments args);
    }

    /** How the system calls were stopped. */
    public enum Stops {
        /** Once per call, by a seccomp filter returning SECCOMP_RET_TRACE. */
        SECCOMP,
        /** Twice per call, by PTRACE_SYSCALL. */
        SYSCALL,
        /** Never: the eBPF backend counts calls in the kernel (org.syscage.linux.ebpf). */
        NONE
    }

    /**
     * How the trace went.
     *
     * @param commandStatus  how the command ended
     * @param stops          how calls were stopped
     * @param fallbackReason why seccomp stops were asked for but not used; null otherwise
     * @param commandPid     the command's pid (the starting shell's until its execve)
     * @param commandPath    the file the command was started from, as found in PATH
     */
    public record Result(ExitStatus commandStatus, Stops stops, String fallbackReason, int commandPid,
                         String commandPath) {
        public Result {
            Objects.requireNonNull(commandStatus, "commandStatus");
            Objects.requireNonNull(stops, "stops");
        }

        /** The command's exit status, or 128 + the signal that killed it. */
        public int commandExit() {
            return commandStatus.code();
        }
    }

    /**
     * Runs {@code command} (looked up in the PATH of {@code env}) to its end.
     *
     * @param seccompStops stop once per call with a seccomp filter when possible
     * @throws org.syscage.linux.launch.LaunchException when the command cannot be found (127) or
     *                                                  executed (126)
     */
    public static Result run(List<String> command, Map<String, String> env, boolean seccompStops, Listener listener) {
        return run(command, env, seccompStops, listener, null);
    }

    /**
     * Like {@link #run(List, Map, boolean, Listener)}; the signals {@code interrupts} catches
     * (none when null) go to every traced process once the command is started.
     */
    public static Result run(List<String> command, Map<String, String> env, boolean seccompStops, Listener listener,
                             Interrupts interrupts) {
        StoppedCommand.Resolved resolved = StoppedCommand.resolved(command, env);
        return TracerThread.call("syscage-recorder",
                () -> new Session(env, seccompStops, listener, interrupts).run(resolved));
    }

    /**
     * The traced processes as {@link GracefulStop} signals them: thread ids are traced too, but a
     * signal goes to each process once, through its leader. An id leaves the set as soon as the
     * tracer has reaped it, before the kernel could hand it to another process.
     */
    private record TracedProcesses(Set<Integer> traced) implements GracefulStop.Processes {
        @Override
        public void signalAll(int signal) {
            for (int tid : traced) {
                if (ProcStatus.readIfAlive(tid).filter(status -> status.tgid() == tid).isPresent()) {
                    Ptrace.kill(tid, signal);
                }
            }
        }

        @Override
        public void killAll() {
            traced.forEach(tid -> Ptrace.kill(tid, Ptrace.SIGKILL));
        }
    }

    private static final class Session {
        private final Map<String, String> env;
        private final Listener listener;
        private final Arena arena = Arena.ofConfined();
        private final RawSyscall sys = new RawSyscall(arena);
        private final MemorySegment status = arena.allocate(JAVA_INT);
        private final MemorySegment info = arena.allocate(SyscallInfo.BYTES, Long.BYTES);
        private final MemorySegment message = arena.allocate(JAVA_LONG);
        private final SyscallArguments arguments = new SyscallArguments(info);
        /** Written by the tracer's thread, read by the signal handler's ({@link TracedProcesses}). */
        private final Set<Integer> traced = ConcurrentHashMap.newKeySet();
        private final Interrupts interrupts;
        private final long ptraceNr = HostSyscall.PTRACE.number();
        private final long wait4Nr = HostSyscall.WAIT4.number();
        private final long killNr = HostSyscall.KILL.number();
        private final ExecCalls execCalls = new ExecCalls();
        private SeccompInjection injection;
        private String fallbackReason;
        /** The request that resumes a tracee: PTRACE_CONT once the filter is in, else PTRACE_SYSCALL. */
        private int resume = Ptrace.PTRACE_SYSCALL;
        /** False until the command's own execve: the starting shell's calls are not the command's. */
        private boolean recording;
        private int root;
        private ExitStatus rootStatus;

        Session(Map<String, String> env, boolean seccompStops, Listener listener, Interrupts interrupts) {
            this.env = env;
            this.listener = listener;
            this.interrupts = interrupts;
            if (seccompStops) {
                if (Arch.host() == Arch.X86_64) {
                    injection = new SeccompInjection(arena);
                } else {
                    fallbackReason = "one stop per call is implemented for x86_64 only, not " + Arch.host().kernelName();
                }
            }
        }

        Result run(StoppedCommand.Resolved command) {
            try (arena) {
                int options = Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEFORK | Ptrace.O_TRACEVFORK | Ptrace.O_TRACECLONE
                        | Ptrace.O_TRACEEXEC | Ptrace.O_EXITKILL | (injection != null ? Ptrace.O_TRACESECCOMP : 0);
                root = StoppedCommand.spawn(command, env, false);
                traced.add(root);
                StoppedCommand.seize(root, options, Ptrace.PTRACE_SYSCALL);
                GracefulStop stop = interrupts == null ? null : interrupts.forwardTo(new TracedProcesses(traced));
                try {
                    int tid;
                    while ((tid = waitAny()) > 0) {
                        handle(tid, status.get(JAVA_INT, 0));
                    }
                } catch (RuntimeException | Error e) {
                    // Leave no traced process behind, and reap them all.
                    traced.forEach(t -> sys.invoke(killNr, t, Ptrace.SIGKILL, 0, 0, 0, 0));
                    while (waitAny() > 0) {
                        if (WaitStatus.isStopped(status.get(JAVA_INT, 0))) {
                            sys.invoke(killNr, lastWaited, Ptrace.SIGKILL, 0, 0, 0, 0);
                        }
                    }
                    throw e;
                } finally {
                    if (stop != null) {
                        stop.finished();
                    }
                }
                boolean once = resume == Ptrace.PTRACE_CONT;
                if (injection != null && !once && fallbackReason == null) {
                    fallbackReason = "the command made no execve the filter could be installed at";
                }
                // The root's end is always reported before its tracer runs out of tracees.
                return new Result(Objects.requireNonNull(rootStatus, "the command's end was not seen"),
                        once ? Stops.SECCOMP : Stops.SYSCALL, fallbackReason, root, command.file());
            }
        }

        private int lastWaited;

        /** wait4(-1) for any tracee of this thread; 0 when none is left. */
        private int waitAny() {
            long result;
            do {
                result = sys.invoke(wait4Nr, -1, status.address(), Ptrace.__WALL | Ptrace.__WNOTHREAD, 0, 0, 0);
            } while (result == -4); // EINTR
            if (result == -Ptrace.ECHILD) {
                return 0;
            }
            if (RawSyscall.isError(result)) {
                throw new IllegalStateException("wait4 failed with errno " + -result);
            }
            lastWaited = (int) result;
            return (int) result;
        }

        private void handle(int tid, int raw) {
            if (!WaitStatus.isStopped(raw)) { // exited or killed
                traced.remove(tid);
                if (tid == root) {
                    rootStatus = new WaitStatus(tid, raw).exitStatus();
                }
                return;
            }
            int event = WaitStatus.eventOf(raw);
            int request = resume;
            int deliver = 0;
            if (WaitStatus.isSyscallStop(raw)) {
                request = onSyscallStop(tid);
            } else if (event == Ptrace.EVENT_SECCOMP) {
                if (loadSyscallInfo(tid) == SyscallInfo.OP_SECCOMP) {
                    listener.syscall(tid, info.get(JAVA_INT, SyscallInfo.ARCH_OFFSET),
                            info.get(JAVA_LONG, SyscallInfo.NR_OFFSET), arguments);
                }
            } else if (WaitStatus.isGroupStop(raw)) {
                request = Ptrace.PTRACE_LISTEN;
            } else if (event == Ptrace.EVENT_FORK || event == Ptrace.EVENT_VFORK || event == Ptrace.EVENT_CLONE) {
                if (ptrace(Ptrace.PTRACE_GETEVENTMSG, tid, 0, message.address()) == 0) {
                    traced.add((int) message.get(JAVA_LONG, 0));
                }
            } else if (event == Ptrace.EVENT_EXEC) {
                // A thread other than the leader that execs takes over the leader's id; its old id is gone.
                if (ptrace(Ptrace.PTRACE_GETEVENTMSG, tid, 0, message.address()) == 0) {
                    int former = (int) message.get(JAVA_LONG, 0);
                    if (former != tid) {
                        traced.remove(former);
                    }
                }
            } else if (event == 0) {
                deliver = WaitStatus.stopSignalOf(raw); // a signal on its way to the tracee: deliver it
            }
            long result = ptrace(request, tid, 0, deliver);
            if (RawSyscall.isError(result) && result != -Ptrace.ESRCH) {
                // ESRCH: killed meanwhile; wait reports its end.
                throw new IllegalStateException("ptrace(" + request + ", " + tid + ") failed with errno " + -result);
            }
        }

        /** A PTRACE_SYSCALL stop: the starting shell's execve, an injected call's exit, or a call to report. */
        private int onSyscallStop(int tid) {
            int op = loadSyscallInfo(tid);
            if (tid == root && injection != null && injection.busy()) {
                SeccompInjection.Outcome outcome = injection.atExit(tid);
                switch (outcome) {
                    case INSTALLED -> {
                        // The execve runs again and stops at the filter: it is reported from there.
                        resume = Ptrace.PTRACE_CONT;
                        recording = true;
                        injection = null;
                        return Ptrace.PTRACE_CONT;
                    }
                    case AGAIN -> {
                        return Ptrace.PTRACE_SYSCALL;
                    }
                    case FAILED -> {
                        fallbackReason = injection.failure();
                        injection = null;
                        return Ptrace.PTRACE_SYSCALL;
                    }
                }
            }
            if (op != SyscallInfo.OP_ENTRY) {
                return resume;
            }
            int auditArch = info.get(JAVA_INT, SyscallInfo.ARCH_OFFSET);
            long nr = info.get(JAVA_LONG, SyscallInfo.NR_OFFSET);
            if (!recording) {
                if (tid != root || !execCalls.isExec(auditArch, nr)) {
                    return resume;
                }
                if (injection != null) {
                    injection.atExecveEntry(tid);
                    return Ptrace.PTRACE_SYSCALL;
                }
                recording = true;
            }
            listener.syscall(tid, auditArch, nr, arguments);
            return resume;
        }

        /** PTRACE_GET_SYSCALL_INFO into the preallocated buffer; returns its op, 0 when unavailable. */
        private int loadSyscallInfo(int tid) {
            long size = ptrace(Ptrace.PTRACE_GET_SYSCALL_INFO, tid, SyscallInfo.BYTES, info.address());
            return RawSyscall.isError(size) ? 0 : Byte.toUnsignedInt(info.get(JAVA_BYTE, 0));
        }

        private long ptrace(int request, int pid, long addr, long data) {
            return sys.invoke(ptraceNr, request, pid, addr, data, 0, 0);
        }
    }
}
