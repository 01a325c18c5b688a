package org.syscage.linux.ebpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.launch.GracefulStop;
import org.syscage.linux.launch.Interrupts;
import org.syscage.linux.launch.SignalForwarding;
import org.syscage.linux.proc.ExecutablePath;
import org.syscage.linux.ptrace.StoppedCommand;
import org.syscage.linux.ptrace.SyscallTracer;
import org.syscage.linux.record.RecordedSyscall;
import org.syscage.linux.record.Recording;
import org.syscage.linux.record.RecordingBuilder;

/**
 * Records syscalls with an eBPF program ({@link SyscallCounter}) instead of ptrace: nothing
 * stops, the kernel counts. Needs root (CAP_BPF and CAP_PERFMON, plus write access to the
 * cgroup v2 hierarchy for a command).
 *
 * <pre>{@code
 * Recording r = EbpfRecorder.record(List.of("ls", "/"), System.getenv());
 * r.byArch().get(Arch.X86_64);   // [access, arch_prctl, brk, close, execve, ...]
 * }</pre>
 *
 * <p>A command runs in a fresh cgroup, {@code syscage-record-<pid>-<n>} at the top of the
 * hierarchy, so that every process and thread it starts is counted and nothing else is. The
 * cgroup is removed at the end, or by a shutdown hook on Ctrl-C; one a SIGKILLed syscage left
 * behind is removed by the next eBPF recording ({@link Cgroup2#removeStale()}). It
 * starts as the stopping shell of {@link StoppedCommand}; the program is attached and the shell
 * moved into the cgroup while it is stopped, so the command's execve is its first counted call
 * (after SIGCONT the shell makes no other call). Recording ends when the command has ended and
 * the cgroup is empty (as {@code strace -f}, which waits for every traced process).
 *
 * <p>Of each call's first caller the kernel keeps the thread id and its name (comm); the
 * executable of a {@link RecordedSyscall} is that name in parentheses, e.g. {@code (ls)}, as
 * {@code /proc/PID/stat} shows it, when the path is gone by the time the counts are read; the
 * command's own execve shows the file it was started from.
 */
public final class EbpfRecorder {
    private static final long POLL_MILLIS = 20;
    /** TASK_COMM_LEN less the terminating NUL. */
    private static final int COMM_LENGTH = 15;

    private EbpfRecorder() {
    }

    /**
     * Why the eBPF backend cannot record on this machine, or empty when it can: the cgroup v2
     * hierarchy must be mounted and writable and the program must load.
     */
    public static Optional<String> unavailableReason() {
        if (SyscallAbi.ofThisMachine().isEmpty()) {
            return Optional.of("the eBPF recorder does not support " + Arch.host());
        }
        Optional<Path> mount = Cgroup2.mountPoint();
        if (mount.isEmpty()) {
            return Optional.of("no cgroup v2 hierarchy is mounted");
        }
        if (!Files.isWritable(mount.get())) {
            return Optional.of("the cgroup v2 hierarchy at " + mount.get() + " is not writable");
        }
        try (SyscallCounter ignored = SyscallCounter.load(new SyscallCounter.Scope.Process(0))) {
            return Optional.empty();
        } catch (NativeException | BpfLoadException e) {
            return Optional.of("the kernel refused the eBPF program: " + firstLine(e.getMessage())
                    + (e instanceof NativeException n && (n.errno() == 1 || n.errno() == 13)
                    ? " (needs root, or CAP_BPF and CAP_PERFMON)" : ""));
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /**
     * Runs {@code command} to its end (and the end of every process it started) and returns what
     * it did; {@link Recording#commandExit()} is its exit status.
     *
     * @throws org.syscage.core.InputException when the command cannot be found or executed
     */
    public static Recording record(List<String> command, Map<String, String> env) {
        return record(command, env, null);
    }

    /**
     * Like {@link #record(List, Map)}; the signals {@code interrupts} catches (none when null)
     * go to every process of the recording and end it ({@link Interrupts}).
     */
    public static Recording record(List<String> command, Map<String, String> env, Interrupts interrupts) {
        StoppedCommand.Resolved resolved = StoppedCommand.resolved(command, env);
        Cgroup2.removeStale(); // a killed syscage could not remove its own
        Cgroup2 cgroup;
        try {
            cgroup = Cgroup2.createFresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a cgroup to record in", e);
        }
        // Without interrupts a signal ends the JVM through its shutdown hooks: the cgroup goes too.
        Thread removal = new Thread(() -> removeQuietly(cgroup), "syscage-cgroup-removal");
        Runtime.getRuntime().addShutdownHook(removal);
        try (SyscallCounter counter = SyscallCounter.load(new SyscallCounter.Scope.Cgroup(cgroup))) {
            int pid = StoppedCommand.spawnStopped(resolved, env);
            try {
                cgroup.add(pid);
                counter.attach();
            } catch (IOException | RuntimeException e) {
                StoppedCommand.killStopped(pid);
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            GracefulStop stop = interrupts == null ? null : interrupts.forwardTo(new CgroupProcesses(cgroup));
            ExitStatus exit;
            try {
                exit = StoppedCommand.resumeAndWait(pid);
                while (cgroup.populated()) {
                    sleep(POLL_MILLIS);
                }
            } finally {
                if (stop != null) {
                    stop.finished();
                }
            }
            counter.detach();
            return recording(counter.read(), exit, new RecordingBuilder().command(pid, resolved.file()));
        } finally {
            removeQuietly(cgroup);
            try {
                Runtime.getRuntime().removeShutdownHook(removal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    /**
     * Counts the calls of every process in {@code cgroup} (and below it) until this process gets
     * SIGINT, SIGTERM or SIGHUP, or {@code limit} (null: none) has passed.
     */
    public static Recording recordCgroup(Cgroup2 cgroup, Duration limit) {
        try (SignalForwarding signals = SignalForwarding.install()) {
            return recordCgroup(cgroup, limit, signals);
        }
    }

    /**
     * Like {@link #recordCgroup(Cgroup2, Duration)}, stopping at the first signal {@code signals}
     * catches (which is not passed on: the cgroup's processes are not syscage's to end).
     */
    public static Recording recordCgroup(Cgroup2 cgroup, Duration limit, SignalForwarding signals) {
        return watch(new SyscallCounter.Scope.Cgroup(cgroup), limit, () -> true, signals);
    }

    /**
     * Counts the calls of every thread of process {@code pid} (not of children it starts) until
     * it ends, this process gets SIGINT, SIGTERM or SIGHUP, or {@code limit} (null: none) has passed.
     */
    public static Recording recordProcess(int pid, Duration limit) {
        try (SignalForwarding signals = SignalForwarding.install()) {
            return recordProcess(pid, limit, signals);
        }
    }

    /** Like {@link #recordProcess(int, Duration)}, stopping at the first signal {@code signals} catches. */
    public static Recording recordProcess(int pid, Duration limit, SignalForwarding signals) {
        Path proc = Path.of("/proc", Integer.toString(pid));
        if (!Files.isDirectory(proc)) {
            throw new InputException("--pid " + pid + ": no such process");
        }
        return watch(new SyscallCounter.Scope.Process(pid), limit, () -> Files.isDirectory(proc), signals);
    }

    private static Recording watch(SyscallCounter.Scope scope, Duration limit, BooleanSupplier alive,
                                   SignalForwarding signals) {
        try (SyscallCounter counter = SyscallCounter.load(scope)) {
            counter.attach();
            long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
            // Wake up now and then to see whether a signal came, the process is gone or the time is up.
            while (signals.firstSignal().isEmpty() && alive.getAsBoolean() && deadline - System.nanoTime() > 0) {
                try {
                    Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            counter.detach();
            return recording(counter.read(), new ExitStatus.Exited(0), new RecordingBuilder());
        }
    }

    /** The counts as a {@link Recording}: native arch first, then compat arches; names sorted per arch. */
    static Recording recording(List<SyscallCounter.Count> counts, ExitStatus exit, RecordingBuilder builder) {
        for (SyscallCounter.Count c : counts) {
            if (c.number() < 0) {
                builder.unknown(c.arch().kernelName() + ": nr out of range", c.count());
            } else {
                builder.add(c.arch(), c.number(), c.count(), c.firstTid(), executable(c.firstTid(), c.firstComm()));
            }
        }
        return builder.build(exit, SyscallTracer.Stops.NONE, null, false);
    }

    /**
     * The first caller's executable: its path when the thread still runs a program with that
     * name (a server recorded with --cgroup; a command's own threads have mostly ended by the
     * time the counts are read), else the name the kernel kept, in parentheses.
     */
    private static String executable(int tid, String comm) {
        String path = ExecutablePath.of(tid);
        Path file = path.equals("?") ? null : Path.of(path).getFileName();
        // The kernel keeps the first 15 bytes of the file name as comm.
        String name = file == null ? "" : file.toString();
        boolean same = !name.isEmpty() && name.substring(0, Math.min(name.length(), COMM_LENGTH)).equals(comm);
        return same ? path : "(" + comm + ")";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the command's processes to end", e);
        }
    }

    /** A recording cgroup's processes as {@link GracefulStop} ends them. */
    private record CgroupProcesses(Cgroup2 cgroup) implements GracefulStop.Processes {
        @Override
        public void signalAll(int signal) {
            cgroup.signal(signal);
        }

        @Override
        public void killAll() {
            cgroup.kill();
        }
    }

    private static void removeQuietly(Cgroup2 cgroup) {
        try {
            if (Files.notExists(cgroup.dir())) {
                return;
            }
            cgroup.remove();
        } catch (IOException e) {
            // Left behind only when a process is still in it (the recording was interrupted).
            System.err.println("syscage: warning: could not remove " + cgroup.dir() + ": " + e);
        }
    }
}
