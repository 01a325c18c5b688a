package org.syscage.linux.ptrace;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.proc.ProcStatus;

/**
 * Runs a command under ptrace, following every process and thread it creates, and captures each
 * seccomp filter (and strict mode) as the kernel installs it.
 *
 * <pre>{@code
 * TraceResult r = FilterTracer.run(List.of("man", "-P", "cat", "ls"),
 *         TraceOptions.defaults().withLimit(TraceOptions.ALL), install -> {});
 * byte[] first = r.filters().getFirst().program();
 * }</pre>
 *
 * <h2>Starting the command traced</h2>
 * The command starts stopped and is seized before it runs (see {@link StoppedCommand}). No native
 * code of syscage's runs in the child.
 *
 * <h2>What counts as installed</h2>
 * At each system call entry the tracer decodes the call (PTRACE_GET_SYSCALL_INFO, which also gives
 * the call's arch: an {@code int 0x80} call from an x86_64 program is i386); for a seccomp
 * install it reads the {@code sock_fprog} and its program from the tracee's memory. At the call's
 * exit it keeps the install only if the kernel accepted it (0, or a listener fd with
 * NEW_LISTENER): libseccomp probes the kernel with calls that fail on purpose (strict mode with
 * flags, filters at NULL), and those are not installs. The program reported is then read back
 * from the kernel with PTRACE_SECCOMP_GET_FILTER (the newest filter of the thread), which is
 * exactly what the kernel holds, immune to the tracee rewriting its memory; without CAP_SYS_ADMIN
 * the bytes read at entry are used.
 *
 * <h2>Ending</h2>
 * When the limit of filters is reached or the timeout passes, every traced process is killed
 * (PTRACE_O_EXITKILL also kills them should syscage itself die). Otherwise tracing ends when the
 * last traced process has ended.
 */
public final class FilterTracer {
    private static final int OPTIONS = Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEFORK | Ptrace.O_TRACEVFORK
            | Ptrace.O_TRACECLONE | Ptrace.O_TRACEEXEC | Ptrace.O_EXITKILL;

    private FilterTracer() {
    }

    /**
     * Runs {@code command} (a program looked up in PATH, and its arguments) to the end, the limit
     * or the timeout, calling {@code listener} with each install as it is captured (on the
     * tracer's thread).
     *
     * @throws org.syscage.core.InputException when the command cannot be found or executed
     */
    public static TraceResult run(List<String> command, TraceOptions options, Consumer<SeccompInstall> listener) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        CommandLookup.check(command.getFirst(), options.environment());
        return TracerThread.call("syscage-tracer", () -> new Session(options, listener).run(command));
    }

    /** One trace, confined to the tracer thread except for {@link #killAll}, which the timeout calls. */
    private static final class Session {
        private final TraceOptions options;
        private final Consumer<SeccompInstall> listener;
        private final Map<Integer, Pending> pending = new HashMap<>();
        private final Set<Integer> traced = ConcurrentHashMap.newKeySet();
        private final AtomicReference<TraceResult.Ending> stop = new AtomicReference<>();
        private final List<SeccompInstall> installs = new ArrayList<>();
        private boolean kernelCopy;
        private int filters;
        private int root;
        private int rootExit = -1;

        /** An install call between its entry and its exit; {@code program} is null if unreadable. */
        private record Pending(InstallRequest request, byte[] program) {
        }

        Session(TraceOptions options, Consumer<SeccompInstall> listener) {
            this.options = options;
            this.listener = listener;
            this.kernelCopy = options.kernelCopy();
        }

        TraceResult run(List<String> command) throws InterruptedException {
            root = StoppedCommand.spawn(command, options.environment(), options.stdoutToStderr());
            traced.add(root);
            StoppedCommand.seize(root, OPTIONS, Ptrace.PTRACE_SYSCALL);
            Thread timer = options.timeout().map(this::startTimer).orElse(null);
            try (Arena arena = Arena.ofConfined()) {
                Optional<WaitStatus> status;
                while ((status = Ptrace.wait(-1, Ptrace.__WALL | Ptrace.__WNOTHREAD)).isPresent()) {
                    handle(status.get(), arena);
                }
            } catch (RuntimeException | Error e) {
                // The listener or a request failed: leave no traced process behind, and reap them all.
                stop.compareAndSet(null, TraceResult.Ending.FINISHED);
                killAll();
                Optional<WaitStatus> status;
                while ((status = Ptrace.wait(-1, Ptrace.__WALL | Ptrace.__WNOTHREAD)).isPresent()) {
                    if (!status.get().ended()) {
                        Ptrace.kill(status.get().pid(), Ptrace.SIGKILL); // e.g. a child forked just before
                    }
                }
                throw e;
            } finally {
                if (timer != null) {
                    timer.interrupt();
                    timer.join();
                }
            }
            TraceResult.Ending ending = stop.get();
            return new TraceResult(installs, ending == null ? TraceResult.Ending.FINISHED : ending, rootExit);
        }

        private Thread startTimer(Duration timeout) {
            return Thread.ofVirtual().name("syscage-tracer-timeout").start(() -> {
                try {
                    Thread.sleep(timeout);
                } catch (InterruptedException e) {
                    return;
                }
                finish(TraceResult.Ending.TIMED_OUT);
            });
        }

        private void finish(TraceResult.Ending why) {
            if (stop.compareAndSet(null, why)) {
                killAll();
            }
        }

        /** SIGKILL to every traced process; a SIGKILL ends a tracee even in a ptrace stop. */
        private void killAll() {
            for (int tid : traced) {
                Ptrace.kill(tid, Ptrace.SIGKILL);
            }
        }

        private void handle(WaitStatus status, Arena arena) {
            int tid = status.pid();
            if (status.ended()) {
                traced.remove(tid);
                pending.remove(tid);
                if (tid == root) {
                    rootExit = status.exitStatus().code();
                }
                return;
            }
            traced.add(tid);
            if (stop.get() != null) {
                // A process seen only now (a fork reported after the kill) goes the same way.
                Ptrace.kill(tid, Ptrace.SIGKILL);
                return;
            }
            int signal = 0;
            int request = Ptrace.PTRACE_SYSCALL;
            if (status.syscallStop()) {
                onSyscallStop(tid, arena);
            } else if (status.event() == Ptrace.EVENT_STOP) {
                // A group stop (SIGSTOP and the terminal stops) is kept with PTRACE_LISTEN until a
                // SIGCONT; any other PTRACE_EVENT_STOP (a new child's first stop) just goes on.
                if (status.groupStop()) {
                    request = Ptrace.PTRACE_LISTEN;
                }
            } else if (status.event() == Ptrace.EVENT_EXEC) {
                // A thread other than the leader that execs takes over the leader's id; its old id is gone.
                int former = (int) Ptrace.eventMessage(tid, arena);
                if (former != tid) {
                    traced.remove(former);
                    pending.remove(former);
                }
            } else if (status.event() == 0) {
                signal = status.stopSignal(); // a signal on its way to the tracee: deliver it
            }
            if (stop.get() == null) {
                Ptrace.resume(request, tid, signal);
            }
        }

        private void onSyscallStop(int tid, Arena arena) {
            switch (Ptrace.syscallInfo(tid, arena)) {
                case SyscallInfo.Entry entry -> InstallRequest.of(entry)
                        .ifPresentOrElse(request -> pending.put(tid, new Pending(request, readAtEntry(tid, request))),
                                () -> pending.remove(tid));
                case SyscallInfo.Exit exit -> {
                    Pending call = pending.remove(tid);
                    if (call != null && call.request().succeeded(exit)) {
                        record(tid, call);
                    }
                }
                case SyscallInfo.Other other -> {
                }
            }
        }

        private static byte[] readAtEntry(int tid, InstallRequest request) {
            if (!(request instanceof InstallRequest.Filter filter)) {
                return null;
            }
            try {
                return TraceeMemory.readProgram(tid, filter.fprog(), filter.arch());
            } catch (IOException e) {
                return null; // a bad pointer: the kernel will fail the call with EFAULT
            }
        }

        private void record(int tid, Pending call) {
            ProcStatus proc = ProcStatus.read(tid);
            SeccompInstall install = switch (call.request()) {
                case InstallRequest.Strict strict ->
                        new SeccompInstall.Strict(proc.tgid(), tid, proc.name(), strict.arch(), strict.call());
                case InstallRequest.Filter filter -> {
                    Optional<byte[]> fromKernel = kernelCopy ? newestFilter(tid) : Optional.empty();
                    byte[] program = fromKernel.orElse(call.program());
                    if (program == null) {
                        throw new IllegalStateException("pid " + tid + " installed a filter that could not be read");
                    }
                    yield new SeccompInstall.Filter(proc.tgid(), tid, proc.name(), filter.arch(), filter.call(),
                            program, fromKernel.isPresent() ? SeccompInstall.Source.KERNEL
                            : SeccompInstall.Source.TRACEE_MEMORY);
                }
            };
            installs.add(install);
            listener.accept(install);
            if (install instanceof SeccompInstall.Filter && ++filters >= options.limit()) {
                finish(TraceResult.Ending.LIMIT_REACHED);
            }
        }

        /** The thread's newest filter as the kernel keeps it; empty (from then on) where the kernel will not say. */
        private Optional<byte[]> newestFilter(int tid) {
            try {
                return AttachedFilters.newestOfStopped(tid);
            } catch (NativeException e) {
                kernelCopy = false; // no CAP_SYS_ADMIN, or no CONFIG_CHECKPOINT_RESTORE: it will not change
                return Optional.empty();
            }
        }
    }
}
