package org.syscage.linux.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.ptrace.SyscallTracer;

/**
 * Turns what a recording backend counted into a {@link Recording}: each (arch, number) is named
 * with the arch's syscall table, and what the tables cannot name is kept as unknown. Every
 * backend builds its recording here, so all list alike: arches in the order first added, names
 * sorted within an arch, argument keys in the same order.
 *
 * <pre>{@code
 * RecordingBuilder b = new RecordingBuilder();
 * b.add(Arch.X86_64, 59, 1, 4242, "/usr/bin/ls");     // Optional[execve]
 * b.add(Arch.X86_64, 999, 2, 4242, "/usr/bin/ls");    // Optional.empty(): "x86_64: nr 999" x 2
 * Recording r = b.build(new ExitStatus.Exited(0), SyscallTracer.Stops.SECCOMP, null, false);
 * }</pre>
 */
public final class RecordingBuilder {
    private final Map<Arch, List<RecordedSyscall>> byArch = new LinkedHashMap<>();
    private final Map<String, Long> unknown = new LinkedHashMap<>();
    private final List<ArgumentValues> arguments = new ArrayList<>();
    private int commandPid = -1;
    private String commandPath;

    /**
     * The command started as process {@code pid} from file {@code path}. Its execve is the first
     * call recorded, made while {@code pid} still ran syscage's starting shell: an exec call whose
     * first caller is {@code pid} is shown with {@code path} as its executable, not the shell.
     */
    public RecordingBuilder command(int pid, String path) {
        commandPid = pid;
        commandPath = path;
        return this;
    }

    /**
     * Adds {@code count} calls of number {@code nr} on {@code arch}, the first made by thread
     * {@code firstPid} running {@code executable}. Returns the syscall's name, or empty when the
     * arch's table has no such number: the calls are then counted as unknown.
     */
    public Optional<String> add(Arch arch, long nr, long count, int firstPid, String executable) {
        Optional<String> name = nr < Integer.MIN_VALUE || nr > Integer.MAX_VALUE ? Optional.empty()
                : SyscallTable.of(arch).name((int) nr);
        if (name.isEmpty()) {
            unknownNumber(arch, nr, count);
            return name;
        }
        boolean commandStart = firstPid == commandPid && (name.get().equals("execve") || name.get().equals("execveat"));
        byArch.computeIfAbsent(arch, a -> new ArrayList<>()).add(new RecordedSyscall(arch, name.get(), count, firstPid,
                commandStart ? commandPath : executable));
        return name;
    }

    /** Adds {@code count} calls of a number the tables of {@code arch} do not know, as {@code "x86_64: nr 999"}. */
    public void unknownNumber(Arch arch, long nr, long count) {
        unknown(arch.kernelName() + ": nr " + nr, count);
    }

    /** Adds {@code count} calls syscage cannot place, described by {@code what} (e.g. an arch it does not know). */
    public void unknown(String what, long count) {
        unknown.merge(what, count, Long::sum);
    }

    /** Adds the argument keys one added syscall was seen with ({@code record --args}). */
    public void arguments(ArgumentValues values) {
        arguments.add(values);
    }

    /**
     * The recording of everything added.
     *
     * @param commandStatus  how the command ended
     * @param stops          how the calls were stopped
     * @param fallbackReason why one stop per call was asked for but not used; null otherwise
     * @param withArguments  whether argument values were recorded (even if none was added)
     */
    public Recording build(ExitStatus commandStatus, SyscallTracer.Stops stops, String fallbackReason, boolean withArguments) {
        List<RecordedSyscall> syscalls = new ArrayList<>();
        byArch.values().forEach(calls -> calls.stream().sorted(Comparator.comparing(RecordedSyscall::name))
                .forEach(syscalls::add));
        List<Arch> archOrder = new ArrayList<>(byArch.keySet());
        List<ArgumentValues> sortedArguments = arguments.stream()
                .sorted(Comparator.comparing((ArgumentValues v) -> archOrder.indexOf(v.arch()))
                        .thenComparing(ArgumentValues::name))
                .toList();
        return new Recording(syscalls, unknown, commandStatus, stops, fallbackReason, withArguments, sortedArguments);
    }
}
