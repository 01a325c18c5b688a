package org.syscage.linux.ptrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.syscage.core.InputException;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.proc.ProcStatus;

/** Turns a refused ptrace request into a message that says what would make it work. */
final class Permissions {
    private Permissions() {
    }

    /** PTRACE_SEIZE failed. */
    static RuntimeException explainAttach(int pid, NativeException e) {
        if (e.errno() == Ptrace.ESRCH) {
            return new InputException("pid " + pid + ": no such process");
        }
        if (e.errno() != Ptrace.EPERM) {
            return new PtraceException("cannot attach to pid " + pid + ": " + e.getMessage(), e);
        }
        StringBuilder why = new StringBuilder("not allowed to trace pid ").append(pid).append(" (EPERM): ");
        ProcStatus status = null;
        try {
            status = ProcStatus.read(pid);
        } catch (RuntimeException ignored) {
            // gone meanwhile: the generic reasons below still apply
        }
        if (status != null && status.tracerPid() != 0) {
            why.append("it is already traced by pid ").append(status.tracerPid())
                    .append(" (a process has one tracer at a time)");
        } else if (status != null && status.tgid() == ProcessHandle.current().pid()) {
            why.append("it is a thread of this process");
        } else {
            why.append("tracing another user's process, a setuid program or a process that is not a descendant "
                    + "needs CAP_SYS_PTRACE (run as root)");
            yamaScope().ifPresent(scope -> why.append("; kernel.yama.ptrace_scope is ").append(scope)
                    .append(scope.equals("3") ? " (no tracing at all until reboot)"
                            : scope.equals("2") ? " (only CAP_SYS_PTRACE may trace)" : ""));
        }
        return new PtraceException(why.toString(), e);
    }

    /** PTRACE_SECCOMP_GET_FILTER failed. */
    static PtraceException explainGetFilter(int pid, NativeException e) {
        String why = switch (e.errno()) {
            case Ptrace.EACCES -> "reading a filter back (PTRACE_SECCOMP_GET_FILTER) needs CAP_SYS_ADMIN in the "
                    + "initial user namespace (run as root), and syscage must not run under seccomp itself";
            case Ptrace.EIO -> "this kernel has no PTRACE_SECCOMP_GET_FILTER (it needs CONFIG_CHECKPOINT_RESTORE)";
            default -> e.getMessage();
        };
        return new PtraceException("cannot read the filters of pid " + pid + ": " + why, e);
    }

    private static Optional<String> yamaScope() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/sys/kernel/yama/ptrace_scope")).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
