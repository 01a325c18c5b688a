package org.syscage.core.lint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.syscage.core.docker.KernelVersion;

/**
 * Syscalls a container should not be allowed without a reason, and why. The severities follow
 * what each one gives a process inside a container: ERROR for direct ways into the host kernel or
 * the host's files, WARNING for large kernel attack surface or ways around the container's
 * isolation. Namespace creation (clone, clone3, unshare) and personality are judged by their
 * arguments, by their own rules.
 */
final class DangerousSyscalls {
    record Danger(String name, Severity severity, String risk) {}

    /** Before 4.8 a ptrace-ing process could change a traced syscall after seccomp had checked it. */
    static final KernelVersion PTRACE_SAFE_SINCE = KernelVersion.of(4, 8);

    private static final Map<String, Danger> BY_NAME = new LinkedHashMap<>();

    private static void add(Severity severity, String risk, String... names) {
        for (String n : names) {
            BY_NAME.put(n, new Danger(n, severity, risk));
        }
    }

    static {
        add(Severity.ERROR, "loads and boots another kernel", "kexec_load", "kexec_file_load");
        add(Severity.ERROR, "loads or removes kernel modules (code running in the host kernel)",
                "init_module", "finit_module", "delete_module");
        add(Severity.ERROR, "opens any file of a mounted filesystem by its handle, outside the container's view "
                + "(the 'shocker' escape, with CAP_DAC_READ_SEARCH)", "open_by_handle_at");
        add(Severity.WARNING, "loads eBPF programs into the kernel, a large attack surface", "bpf");
        add(Severity.WARNING, "changes mounts; inside a new user namespace an unprivileged process may mount",
                "mount", "umount", "umount2", "pivot_root", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
                "open_tree", "mount_setattr");
        add(Severity.WARNING, "joins the namespaces of other processes through their file descriptors", "setns");
        add(Severity.WARNING, "makes page faults wait for user space, a classic helper of kernel exploits",
                "userfaultfd");
        add(Severity.WARNING, "opens performance counters that can leak kernel and co-tenant information",
                "perf_event_open");
        add(Severity.WARNING, "manages kernel keyrings, which are not namespaced", "keyctl", "add_key", "request_key");
        add(Severity.WARNING, "starts io_uring, whose operations (open, connect, ...) seccomp never sees",
                "io_uring_setup", "io_uring_enter", "io_uring_register");
    }

    /** Names judged by their arguments elsewhere (namespace flags, persona). */
    static final List<String> JUDGED_BY_ARGUMENTS = List.of("clone", "clone3", "unshare", "personality");

    private DangerousSyscalls() {}

    /** The danger of allowing {@code name} on a kernel, if it is dangerous. */
    static Optional<Danger> of(String name, KernelVersion kernel) {
        if (name.equals("ptrace")) {
            return Optional.of(kernel.atLeast(PTRACE_SAFE_SINCE)
                    ? new Danger(name, Severity.INFO, "traces and changes other processes of the container "
                            + "(since Linux 4.8 seccomp re-checks a traced syscall, so this is no longer a way out)")
                    : new Danger(name, Severity.ERROR, "lets a tracer change a syscall after seccomp checked it "
                            + "(before Linux 4.8): a way around the filter"));
        }
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every name with a fixed danger, plus ptrace, in a stable order. */
    static List<String> names() {
        List<String> all = new java.util.ArrayList<>(BY_NAME.keySet());
        all.add(0, "ptrace");
        return all;
    }
}
