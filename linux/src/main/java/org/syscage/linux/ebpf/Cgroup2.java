package org.syscage.linux.ebpf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.ffm.Syscalls;
import org.syscage.linux.proc.ProcStatus;

/**
 * A cgroup of the cgroup v2 hierarchy, wherever it is mounted ({@code /sys/fs/cgroup} on a
 * unified host, {@code /sys/fs/cgroup/unified} on a hybrid one): found in
 * {@code /proc/self/mountinfo}, never assumed.
 */
public record Cgroup2(Path dir) {
    private static final AtomicInteger CREATED = new AtomicInteger();
    /** A recording cgroup's name: {@code syscage-record-<pid of the syscage that made it>-<n>}. */
    private static final Pattern RECORD_NAME = Pattern.compile("syscage-record-(\\d+)-\\d+");
    private static final long OPENAT_NR = SyscallTable.of(Arch.host()).number("openat").orElseThrow();
    private static final long KILL_NR = SyscallTable.of(Arch.host()).number("kill").orElseThrow();
    private static final int SIGKILL = 9;
    private static final int AT_FDCWD = -100;
    /** O_RDONLY | O_CLOEXEC: the same bits on every arch syscage runs on. */
    private static final int OPEN_FLAGS = 0x80000;

    /** Where the cgroup v2 hierarchy is mounted; empty when it is not. */
    public static Optional<Path> mountPoint() {
        try {
            return mountPoint(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The mount point of the first cgroup2 line of a mountinfo text: field 5 is the mount point,
     * the filesystem type follows the " - " separator; spaces in paths are written {@code \040}.
     */
    static Optional<Path> mountPoint(List<String> mountinfo) {
        for (String line : mountinfo) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] after = line.substring(separator + 3).split(" ");
            String[] before = line.substring(0, separator).split(" ");
            if (after.length > 0 && after[0].equals("cgroup2") && before.length > 4) {
                return Optional.of(Path.of(unescape(before[4])));
            }
        }
        return Optional.empty();
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * An existing cgroup: {@code path} as it is when it is a cgroup v2 directory, else relative to
     * the hierarchy's mount point (the form of {@code /proc/PID/cgroup}: {@code /system.slice/x.scope}).
     */
    public static Cgroup2 existing(String path) {
        Path mount = mountPoint().orElseThrow(() -> new InputException(
                "--cgroup " + path + ": no cgroup v2 hierarchy is mounted (none in /proc/self/mountinfo)"));
        Path given = Path.of(path);
        Path dir = given.isAbsolute() && given.startsWith(mount) ? given
                : mount.resolve(path.replaceFirst("^/+", ""));
        if (!Files.isRegularFile(dir.resolve("cgroup.procs"))) {
            throw new InputException("--cgroup " + path + ": " + dir + " is not a cgroup v2 directory, expected a "
                    + "cgroup under " + mount);
        }
        return new Cgroup2(dir);
    }

    /** A new, empty cgroup {@code syscage-record-<pid>-<n>} at the top of the hierarchy. */
    public static Cgroup2 createFresh() throws IOException {
        Path mount = mountPoint().orElseThrow(() -> new IOException("no cgroup v2 hierarchy is mounted"));
        Path dir = mount.resolve("syscage-record-" + ProcessHandle.current().pid() + "-" + CREATED.incrementAndGet());
        Files.createDirectory(dir);
        return new Cgroup2(dir);
    }

    /**
     * Removes the recording cgroups ({@code syscage-record-<pid>-<n>}) at the top of the hierarchy
     * that a syscage left behind: those whose creating process is gone (a SIGKILLed syscage runs
     * no cleanup) and that are empty, with no process and no child cgroup. A cgroup whose pid is
     * a live process is kept even if that pid now belongs to another program: it is left for a
     * later sweep rather than risk taking one in use. Nothing is done when no cgroup v2 hierarchy is mounted.
     *
     * @return the cgroups removed
     */
    public static List<Path> removeStale() {
        return mountPoint().map(Cgroup2::removeStale).orElse(List.of());
    }

    static List<Path> removeStale(Path mount) {
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(mount)) {
            candidates = entries.filter(Cgroup2::isLeftBehind).toList();
        } catch (IOException e) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        for (Path dir : candidates) {
            try {
                // rmdir fails (EBUSY) should a process have entered since: then it is not stale.
                Files.delete(dir);
                removed.add(dir);
            } catch (IOException e) {
                // in use after all, or removed by another syscage meanwhile
            }
        }
        return removed;
    }

    private static boolean isLeftBehind(Path dir) {
        Matcher name = RECORD_NAME.matcher(dir.getFileName().toString());
        if (!name.matches() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        OptionalInt owner = parsePid(name.group(1));
        if (owner.isEmpty() || isProcess(owner.getAsInt())) {
            return false;
        }
        try (Stream<Path> inside = Files.list(dir)) {
            return !new Cgroup2(dir).populated() && inside.noneMatch(Files::isDirectory);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static OptionalInt parsePid(String digits) {
        try {
            return OptionalInt.of(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Whether a process (not merely a thread) has id {@code pid}. /proc answers for thread ids
     * too, and ids are handed out in turn to threads and processes alike: the syscage that comes
     * next often has a thread with the id of the one that was killed.
     */
    private static boolean isProcess(int pid) {
        return ProcStatus.readIfAlive(pid).filter(status -> status.tgid() == pid).isPresent();
    }

    /** Moves process {@code pid} (all its threads) into this cgroup. */
    public void add(int pid) throws IOException {
        Files.writeString(dir.resolve("cgroup.procs"), Integer.toString(pid));
    }

    /** Whether any process is in this cgroup or below it ({@code populated} of cgroup.events). */
    public boolean populated() {
        try {
            return Files.readAllLines(dir.resolve("cgroup.events")).contains("populated 1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The processes in this cgroup itself (not below it), from {@code cgroup.procs}; none once it is gone. */
    public List<Integer> processes() {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(line -> !line.isBlank())
                    .map(line -> Integer.valueOf(line.strip())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Sends {@code signal} to each process in this cgroup. A pid read from {@code cgroup.procs}
     * may end meanwhile; one that is gone is skipped.
     */
    public void signal(int signal) {
        processes().forEach(pid -> Syscalls.raw(KILL_NR, pid, signal));
    }

    /**
     * Kills every process in this cgroup and below it: at once through {@code cgroup.kill}
     * (Linux 5.14 and later), which also catches processes forking meanwhile; else with SIGKILL
     * to each process listed (the caller repeats it until the cgroup is empty).
     */
    public void kill() {
        Path killFile = dir.resolve("cgroup.kill");
        if (Files.exists(killFile)) {
            try {
                Files.writeString(killFile, "1");
                return;
            } catch (IOException e) {
                // fall back to one signal per process
            }
        }
        signal(SIGKILL);
    }

    /** Removes this (empty) cgroup. */
    public void remove() throws IOException {
        Files.delete(dir);
    }

    /** The cgroup's directory, opened for a {@code BPF_MAP_TYPE_CGROUP_ARRAY}. */
    public Fd open() {
        try (Arena arena = Arena.ofConfined()) {
            long fd = Syscalls.checked("openat(" + dir + ")", OPENAT_NR, AT_FDCWD,
                    arena.allocateFrom(dir.toString()).address(), OPEN_FLAGS);
            return new Fd((int) fd, "cgroup " + dir);
        }
    }
}
