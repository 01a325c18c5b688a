package org.syscage.linux.record;

import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.syscage.core.InputException;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The syscalls a container runtime makes itself after loading the container's seccomp filter and
 * before (and including) the execve of the container's process: a recorded profile must allow
 * them, or the container never starts. Each member is justified in docs/record.md from the
 * runtime's source.
 *
 * @param name  how the set was chosen ({@code runc}, {@code crun}, {@code none}, or the list)
 * @param names the syscall names
 */
public record BaseSyscalls(String name, SortedSet<String> names) {
    /** runc (libcontainer/standard_init_linux.go), both with and without no_new_privs. */
    public static final BaseSyscalls RUNC = of("runc",
            // the exec of the container process (execveat: the runc-dmz path, fexecve)
            "execve", "execveat",
            // exec fifo: open through /proc/thread-self/fd, write "0"; closing the init pipes
            "openat", "write", "close",
            // state for the StartContainer hooks; closing inherited descriptors before exec
            "getpid", "close_range", "fcntl",
            // Go runtime on the locked init thread: scheduling, GC, preemption signals
            "futex", "rt_sigreturn", "rt_sigprocmask", "sigaltstack", "nanosleep", "sched_yield", "tgkill",
            "mmap", "munmap", "madvise",
            // without no_new_privs the filter comes before finalizeNamespace: capabilities, ids, cwd
            "capget", "capset", "prctl", "setgroups", "setuid", "setgid", "chdir", "getppid",
            // exec.LookPath and eaccess on the command
            "newfstatat", "faccessat2");

    /** crun (src/libcrun/container.c), both with and without no_new_privs. */
    public static final BaseSyscalls CRUN = of("crun",
            // the exec of the container process
            "execve",
            // closing the filter's descriptor after loading it
            "close",
            // without no_new_privs: supplementary groups, std streams' owner, capabilities, ids, cwd
            "setgroups", "fchown", "fstat", "capget", "capset", "prctl", "setresuid", "setresgid", "chdir");

    public static final BaseSyscalls NONE = of("none");

    public BaseSyscalls {
        names = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    private static BaseSyscalls of(String name, String... names) {
        return new BaseSyscalls(name, new TreeSet<>(Arrays.asList(names)));
    }

    /**
     * {@code runc}, {@code crun}, {@code none}, or a comma-separated list of syscall names (each
     * must be known on some arch).
     */
    public static BaseSyscalls parse(String spec) {
        return switch (spec) {
            case "runc" -> RUNC;
            case "crun" -> CRUN;
            case "none" -> NONE;
            default -> {
                List<String> names = Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                if (names.isEmpty()) {
                    throw new InputException("--base-syscalls '" + spec + "' names nothing, expected runc, crun, none "
                            + "or a comma-separated list of syscall names");
                }
                for (String n : names) {
                    if (!SyscallTable.allNames().contains(n)) {
                        throw new InputException("--base-syscalls: unknown syscall '" + n + "', expected runc, crun, "
                                + "none or a comma-separated list of syscall names");
                    }
                }
                yield new BaseSyscalls(spec, new TreeSet<>(names));
            }
        };
    }
}
