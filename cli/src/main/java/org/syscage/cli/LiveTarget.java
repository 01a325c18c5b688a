package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.syscage.core.InputException;
import org.syscage.linux.ebpf.Cgroup2;
import org.syscage.linux.ebpf.EbpfRecorder;
import org.syscage.linux.launch.Interrupts;
import org.syscage.linux.record.Recorder;
import org.syscage.linux.record.Recording;

/**
 * What {@code syscage record} watches when it does not read an audit log: a command it starts,
 * a running cgroup ({@code --cgroup}) or a running process ({@code --pid}); and which backend
 * records it ({@code --backend}: auto prefers eBPF and falls back to ptrace for a command).
 */
sealed interface LiveTarget {
    /** --backend: read by picocli, so that a bad one is named before anything else is checked. */
    enum Backend { auto, ptrace, ebpf }

    record Command(List<String> argv) implements LiveTarget {
        @Override
        public String toString() {
            return String.join(" ", argv);
        }
    }

    record RunningCgroup(String path, Duration limit) implements LiveTarget {
        @Override
        public String toString() {
            return "cgroup " + path;
        }
    }

    record RunningProcess(int pid, Duration limit) implements LiveTarget {
        @Override
        public String toString() {
            return "pid " + pid;
        }
    }

    /** The one target the options name; bad combinations are usage errors. */
    static LiveTarget of(List<String> command, String cgroup, AuditSelection selection, Duration limit) {
        if (selection.comm != null || selection.exe != null) {
            throw new InputException("--comm and --exe select audit records, expected them with --from-audit-log");
        }
        int given = (command.isEmpty() ? 0 : 1) + (cgroup == null ? 0 : 1) + (selection.pid == null ? 0 : 1);
        if (given > 1) {
            throw new InputException("record one of -- CMD, --cgroup PATH or --pid PID, expected only one of them");
        }
        if (!command.isEmpty()) {
            if (limit != null) {
                throw new InputException("--duration applies to --cgroup and --pid, expected no --duration with a command");
            }
            return new Command(List.copyOf(command));
        }
        return cgroup != null ? new RunningCgroup(cgroup, limit) : new RunningProcess(selection.pid, limit);
    }

    /** A file name for the profile: the command's, the cgroup's last component, or the process's name. */
    default String programName() {
        return RecordCommand.commandName(switch (this) {
            case Command c -> c.argv().getFirst();
            case RunningCgroup g -> Path.of(g.path()).getFileName() == null ? "cgroup" : Path.of(g.path()).getFileName().toString();
            case RunningProcess p -> processName(p.pid());
        });
    }

    private static String processName(int pid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "pid-" + pid;
        }
    }

    /**
     * Records with {@code backend} (auto, ptrace or ebpf). {@code twoStops} and {@code arguments}
     * (argument values are read at ptrace stops) make auto choose ptrace; a running cgroup or
     * process can only be recorded with eBPF. A signal {@code interrupts} catches ends a command
     * (every process of it gets the signal) or, for a running cgroup or process, the watch.
     */
    default Recording record(Backend backend, boolean twoStops, boolean arguments, PrintWriter err,
                             Interrupts interrupts) {
        boolean ebpf = usesEbpf(backend, twoStops || arguments, err);
        if (ebpf && arguments) {
            throw new InputException("--args reads argument values at ptrace stops, expected --backend ptrace or auto "
                    + "with a command");
        }
        return switch (this) {
            case Command c when ebpf -> EbpfRecorder.record(c.argv(), System.getenv(), interrupts);
            case Command c -> Recorder.record(c.argv(), System.getenv(), !twoStops, arguments, interrupts);
            case RunningCgroup g -> EbpfRecorder.recordCgroup(Cgroup2.existing(g.path()), g.limit(),
                    interrupts.forwarding());
            case RunningProcess p -> EbpfRecorder.recordProcess(p.pid(), p.limit(), interrupts.forwarding());
        };
    }

    private boolean usesEbpf(Backend backend, boolean ptraceMode, PrintWriter err) {
        boolean ebpf = switch (backend) {
            case ptrace -> false;
            case ebpf -> true;
            case auto -> !ptraceMode || !(this instanceof Command);
        };
        if (!(this instanceof Command) && !ebpf) {
            throw new InputException(this + ": a running " + (this instanceof RunningCgroup ? "cgroup" : "process")
                    + " is recorded with the eBPF backend only, expected --backend ebpf or auto");
        }
        if (!ebpf) {
            return false;
        }
        Optional<String> unavailable = EbpfRecorder.unavailableReason();
        if (unavailable.isEmpty()) {
            return true;
        }
        if (backend != Backend.auto || !(this instanceof Command)) {
            throw new InputException("--backend ebpf is not possible here: " + unavailable.get());
        }
        err.println("syscage: note: recording with ptrace: " + unavailable.get());
        return false;
    }
}
