package org.syscage.linux.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Objects;
import org.syscage.core.arch.Arch;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.ptrace.SyscallTracer;

/**
 * What a command did, as {@link Recorder} saw it.
 *
 * @param syscalls       every syscall made, per arch, arches in the order first used, names sorted
 * @param unknown        calls whose arch or number syscage's tables do not know, as
 *                       {@code "AUDIT_ARCH 0x...: nr N"}, with their counts
 * @param commandStatus  how the command ended (exited with a status, or killed by a signal)
 * @param stops          how the calls were stopped (once with a seccomp filter, or twice)
 * @param fallbackReason why one stop per call was asked for but not used; null otherwise
 * @param withArguments  whether argument values were recorded ({@code record --args})
 * @param arguments      the argument keys of the syscalls whose arguments decide safety, per arch
 *                       (empty without {@code withArguments})
 */
public record Recording(List<RecordedSyscall> syscalls, Map<String, Long> unknown, ExitStatus commandStatus,
                        SyscallTracer.Stops stops, String fallbackReason, boolean withArguments,
                        List<ArgumentValues> arguments) {
    public Recording {
        Objects.requireNonNull(commandStatus, "commandStatus");
        syscalls = List.copyOf(syscalls);
        unknown = Collections.unmodifiableMap(new LinkedHashMap<>(unknown));
        arguments = List.copyOf(arguments);
    }

    /** A recording of syscall names only, of a command that exited with status {@code commandExit}. */
    public Recording(List<RecordedSyscall> syscalls, Map<String, Long> unknown, int commandExit,
                     SyscallTracer.Stops stops, String fallbackReason) {
        this(syscalls, unknown, new ExitStatus.Exited(commandExit), stops, fallbackReason, false, List.of());
    }

    /** The command's exit status, or 128 + the signal that killed it, as a shell reports it. */
    public int commandExit() {
        return commandStatus.code();
    }

    /** The names seen per arch, arches in the order first used. */
    public Map<Arch, SortedSet<String>> byArch() {
        Map<Arch, SortedSet<String>> byArch = new LinkedHashMap<>();
        syscalls.forEach(s -> byArch.computeIfAbsent(s.arch(), a -> new TreeSet<>()).add(s.name()));
        return byArch;
    }
}
