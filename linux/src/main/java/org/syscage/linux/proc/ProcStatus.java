package org.syscage.linux.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.syscage.core.InputException;

/**
 * What {@code /proc/PID/status} says about a thread's seccomp state, plus the fields that help
 * to explain it (who traces the thread, whether no_new_privs is set) and to act like the kernel
 * on its behalf (how it handles signals).
 *
 * <p>Seccomp is a property of each thread. {@code /proc/PID/status} describes the thread whose id
 * is PID: for a process id that is the main thread; {@code /proc/TID/status} works for any other
 * thread too, although /proc does not list it.
 *
 * @param pid            the id the file was read for
 * @param name           the command name ({@code Name:}, at most 15 bytes, as the kernel escapes it)
 * @param state          the state letter ({@code R}, {@code S}, {@code T} stopped, {@code t} stopped by a tracer, ...)
 * @param tgid           the process (thread group) id
 * @param ppid           the parent's process id
 * @param tracerPid      the tracer's process id, 0 when not traced
 * @param noNewPrivs     whether no_new_privs is set ({@code NoNewPrivs: 1})
 * @param seccomp        the mode ({@code Seccomp:})
 * @param seccompFilters how many filters are attached ({@code Seccomp_filters:}, Linux 5.9 and later;
 *                       empty on older kernels)
 * @param signals        the thread's blocked, ignored and caught signals
 */
public record ProcStatus(int pid, String name, char state, int tgid, int ppid, int tracerPid,
                         boolean noNewPrivs, SeccompMode seccomp, OptionalInt seccompFilters, Signals signals) {

    /**
     * Signal masks ({@code SigBlk:}, {@code SigIgn:}, {@code SigCgt:}, hexadecimal): bit N-1 stands
     * for signal N. The blocked mask is the thread's own; the other two belong to the process.
     */
    public record Signals(long blocked, long ignored, long caught) {
        /** No signal blocked, ignored or caught: every one has its default action. */
        public static final Signals DEFAULT = new Signals(0, 0, 0);

        /** Whether {@code signal} (1..64) would take its default action: neither blocked, ignored nor caught. */
        public boolean takesDefaultAction(int signal) {
            long bit = 1L << (signal - 1);
            return ((blocked | ignored | caught) & bit) == 0;
        }
    }

    /** Reads {@code /proc/PID/status}; a pid that does not exist (any more) is bad input. */
    public static ProcStatus read(int pid) {
        return readIfAlive(pid).orElseThrow(() -> new InputException("pid " + pid + ": no such process"));
    }

    /**
     * Reads {@code /proc/PID/status}; empty when the thread does not exist (any more), for callers
     * that watch threads which may end at any moment.
     */
    public static Optional<ProcStatus> readIfAlive(int pid) {
        Path file = Path.of("/proc", Integer.toString(pid), "status");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A thread that ends while its file is read leaves it readable but empty, or fails with ESRCH.
            if (Files.notExists(file)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(parse(pid, text));
    }

    /**
     * Parses the text of a status file: {@code Key:<tab>value} lines. {@code Seccomp:} is
     * required (a kernel without CONFIG_SECCOMP has none, and then nothing here can work).
     */
    public static ProcStatus parse(int pid, String text) {
        Map<String, String> fields = new HashMap<>();
        text.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        String seccomp = fields.get("Seccomp");
        if (seccomp == null) {
            throw new IllegalStateException("/proc/" + pid + "/status has no Seccomp line: this kernel has no seccomp");
        }
        String filters = fields.get("Seccomp_filters");
        String state = fields.getOrDefault("State", "?");
        return new ProcStatus(pid,
                fields.getOrDefault("Name", ""),
                state.isEmpty() ? '?' : state.charAt(0),
                intField(fields, "Tgid", pid),
                intField(fields, "PPid", 0),
                intField(fields, "TracerPid", 0),
                intField(fields, "NoNewPrivs", 0) == 1,
                SeccompMode.of(Integer.parseInt(seccomp)),
                filters == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(filters)),
                new Signals(maskField(fields, "SigBlk"), maskField(fields, "SigIgn"), maskField(fields, "SigCgt")));
    }

    private static int intField(Map<String, String> fields, String key, int absent) {
        String value = fields.get(key);
        return value == null ? absent : Integer.parseInt(value);
    }

    /** A 64-bit signal mask, written as 16 hexadecimal digits; 0 when the line is missing. */
    private static long maskField(Map<String, String> fields, String key) {
        String value = fields.get(key);
        return value == null ? 0 : Long.parseUnsignedLong(value, 16);
    }

    /**
     * One line for people, e.g. {@code pid 4242 (python3): Seccomp filter mode, 2 filters, NoNewPrivs 1}
     * or {@code pid 1 (systemd): Seccomp disabled, NoNewPrivs 0}.
     */
    public String summary() {
        StringBuilder line = new StringBuilder("pid ").append(pid).append(" (").append(name).append("): Seccomp ");
        switch (seccomp) {
            case DISABLED -> line.append("disabled");
            case STRICT -> line.append("strict mode");
            case FILTER -> {
                line.append("filter mode");
                seccompFilters.ifPresent(n -> line.append(", ").append(n).append(n == 1 ? " filter" : " filters"));
            }
        }
        return line.append(", NoNewPrivs ").append(noNewPrivs ? 1 : 0).toString();
    }
}
