package org.syscage.linux.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.launch.Interrupts;
import org.syscage.linux.proc.ExecutableArch;
import org.syscage.linux.proc.ExecutablePath;
import org.syscage.linux.ptrace.SyscallArguments;
import org.syscage.linux.ptrace.SyscallTracer;

/**
 * Records the syscalls a command makes, with the ptrace backend: every process and thread it
 * starts, per arch, with counts and who first made each call.
 *
 * <pre>{@code
 * Recording r = Recorder.record(List.of("ls", "/"), System.getenv(), true);
 * r.byArch().get(Arch.X86_64);   // [access, arch_prctl, brk, close, execve, ...]
 * }</pre>
 *
 * <p>Counting allocates nothing per call: counts, first callers and executables live in arrays
 * indexed by syscall number, one set per arch, made when the arch is first seen; only a syscall's
 * first use reads {@code /proc/PID/exe}.
 */
public final class Recorder {
    private Recorder() {
    }

    /**
     * Runs {@code command} to its end and returns what it did.
     *
     * @param seccompStops stop each call once, with a seccomp filter (falls back to two stops
     *                     where that is not possible; {@link Recording#stops()} tells)
     * @throws org.syscage.linux.launch.LaunchException when the command cannot be found (127) or
     *                                                  executed (126)
     */
    public static Recording record(List<String> command, Map<String, String> env, boolean seccompStops) {
        return record(command, env, seccompStops, false);
    }

    /**
     * Like {@link #record(List, Map, boolean)}; with {@code arguments} it also keeps the distinct
     * argument keys of the syscalls whose arguments decide safety ({@link DecidingArgument}),
     * reading the arguments of those calls only.
     */
    public static Recording record(List<String> command, Map<String, String> env, boolean seccompStops,
                                   boolean arguments) {
        return record(command, env, seccompStops, arguments, null);
    }

    /**
     * Like {@link #record(List, Map, boolean, boolean)}; the signals {@code interrupts} catches
     * (none when null) end the command ({@link Interrupts}), and the recording then holds every
     * call made until it ended.
     */
    public static Recording record(List<String> command, Map<String, String> env, boolean seccompStops,
                                   boolean arguments, Interrupts interrupts) {
        Counter counter = new Counter(arguments);
        SyscallTracer.Result result = SyscallTracer.run(command, env, seccompStops, counter, interrupts);
        return counter.recording(result);
    }

    /** Counts calls per (arch, number); runs on the tracer's thread only. */
    private static final class Counter implements SyscallTracer.Listener {
        private final PerArch[] arches = new PerArch[Arch.values().length];
        private final List<Arch> order = new ArrayList<>();
        private final RecordingBuilder builder = new RecordingBuilder();
        private final boolean withArguments;
        private int lastAuditArch;
        private Arch lastArch;

        Counter(boolean withArguments) {
            this.withArguments = withArguments;
        }

        @Override
        public void syscall(int tid, int auditArch, long nr, SyscallArguments args) {
            Arch arch = arch(auditArch);
            if (arch == null) {
                builder.unknown(String.format("AUDIT_ARCH 0x%08x: nr %d", auditArch, nr), 1);
                return;
            }
            if (arch == Arch.X86_64 && (nr & Arch.X32_SYSCALL_BIT) != 0) {
                arch = Arch.X32;
            }
            PerArch counts = arches[arch.ordinal()];
            if (counts == null) {
                counts = arches[arch.ordinal()] = new PerArch(arch, withArguments);
                order.add(arch);
            }
            long index = nr - arch.syscallBias();
            if (index < 0 || index >= counts.count.length) {
                builder.unknownNumber(arch, nr, 1);
                return;
            }
            int i = (int) index;
            if (counts.count[i]++ == 0) {
                counts.firstPid[i] = tid;
                counts.executable[i] = ExecutablePath.of(tid);
            }
            if (counts.deciding != null && counts.deciding[i] != null) {
                SeenKeys seen = counts.seen[i];
                if (seen == null) {
                    seen = counts.seen[i] = new SeenKeys(counts.deciding[i]);
                }
                seen.add(args);
            }
        }

        private Arch arch(int auditArch) {
            if (lastArch == null || auditArch != lastAuditArch) {
                Optional<Arch> found = ExecutableArch.ofAuditArch(auditArch);
                if (found.isEmpty()) {
                    return null;
                }
                lastAuditArch = auditArch;
                lastArch = found.get();
            }
            return lastArch;
        }

        Recording recording(SyscallTracer.Result result) {
            builder.command(result.commandPid(), result.commandPath());
            for (Arch arch : order) {
                PerArch counts = arches[arch.ordinal()];
                for (int i = 0; i < counts.count.length; i++) {
                    if (counts.count[i] == 0) {
                        continue;
                    }
                    Optional<String> name = builder.add(arch, i + arch.syscallBias(), counts.count[i],
                            counts.firstPid[i], counts.executable[i]);
                    SeenKeys seen = counts.seen == null ? null : counts.seen[i];
                    if (name.isPresent() && seen != null) {
                        builder.arguments(new ArgumentValues(arch, name.get(), counts.deciding[i], seen.keys(),
                                seen.overflow()));
                    }
                }
            }
            return builder.build(result.commandStatus(), result.stops(), result.fallbackReason(), withArguments);
        }
    }

    /** Per-number arrays for one arch (index = number - the arch's bias), for every number its table knows, plus room. */
    private static final class PerArch {
        final long[] count;
        final int[] firstPid;
        final String[] executable;
        /** With --args: the deciding argument per number (null for most), and the keys seen. */
        final DecidingArgument[] deciding;
        final SeenKeys[] seen;

        PerArch(Arch arch, boolean withArguments) {
            int size = Math.max(SyscallTable.of(arch).maxNumber() - arch.syscallBias() + 1, 512) + 64;
            count = new long[size];
            firstPid = new int[size];
            executable = new String[size];
            Arrays.fill(executable, "?");
            deciding = withArguments ? DecidingArgument.byNumber(arch, size) : null;
            seen = withArguments ? new SeenKeys[size] : null;
        }
    }
}
