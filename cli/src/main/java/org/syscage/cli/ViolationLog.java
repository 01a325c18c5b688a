package org.syscage.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.compiler.ActionValue;
import org.syscage.core.compiler.Decision;
import org.syscage.core.compiler.FilterSpec;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.launch.Notification;
import org.syscage.linux.launch.Supervisor;

/**
 * What {@code run -p} learns from the supervisor: each call the profile denied, judged by the
 * profile's own spec, printed as it happens, and kept for the summary, the JSON report and the
 * suggested profile.
 */
final class ViolationLog {
    private static final int ENOSYS = 38;

    /** One denied (or, in complain mode, allowed but reported) call. */
    record Violation(String syscall, int nr, String arch, int pid, String exe, List<Long> args, String action,
                     String decidedBy, boolean nameable) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("syscall", syscall);
            m.put("nr", nr);
            m.put("arch", arch);
            m.put("pid", pid);
            m.put("exe", exe);
            m.put("args", args.stream().map(a -> "0x" + Long.toHexString(a)).toList());
            m.put("action", action);
            m.put("decidedBy", decidedBy);
            return m;
        }
    }

    /** What judging a call needs: the compiled filter's meaning and the plain profile it came from. */
    record Judge(FilterSpec spec, Profile profile) {
    }

    private final Supplier<Judge> judge;
    private final boolean complain;
    private final PrintWriter err;
    private final List<Violation> violations = new ArrayList<>();

    /**
     * @param judge gives the spec and profile; asked for on the first notified call only, so that
     *              they may still be in the making while the command starts
     */
    ViolationLog(Supplier<Judge> judge, boolean complain, PrintWriter err) {
        this.judge = judge;
        this.complain = complain;
        this.err = err;
    }

    /** The answer the profile gives to a notified call; CONTINUE for everything in complain mode. */
    Supervisor.Answer judge(Notification n) {
        if (complain) {
            return new Supervisor.Answer.Continue();
        }
        int action = decide(n).action();
        return switch (action & ActionValue.ACTION_MASK) {
            case ActionValue.ERRNO -> new Supervisor.Answer.Errno(action & 0xffff);
            case ActionValue.KILL_PROCESS -> new Supervisor.Answer.KillProcess();
            case ActionValue.KILL_THREAD -> new Supervisor.Answer.KillThread();
            case ActionValue.TRAP -> new Supervisor.Answer.Trap();
            // TRACE with no tracer attached, and a profile's own NOTIFY with no agent listening:
            // the kernel answers both with ENOSYS.
            default -> new Supervisor.Answer.Errno(ENOSYS);
        };
    }

    /** Prints one line for the call and keeps it. Runs on the supervisor's thread. */
    void report(Supervisor.Call call, Supervisor.Answer answer) {
        Notification n = call.notification();
        Decision decision = decide(n);
        Optional<Arch> arch = arch(n);
        Optional<String> name = arch.flatMap(a -> SyscallTable.of(a).name(n.nr()));
        Violation v = new Violation(name.orElse("#" + n.nr()), n.nr(),
                arch.map(Arch::kernelName).orElse(String.format("arch 0x%08x", n.arch())), n.pid(), call.executable(),
                n.args(), ActionValue.describe(decision.action()), decidedBy(decision, name),
                name.isPresent() && decision.reason() != Decision.Reason.BAD_ARCH);
        String args = n.args().stream().map(a -> "0x" + Long.toHexString(a)).collect(Collectors.joining(","));
        String line = "syscage: " + (complain ? "would deny " : "denied ") + v.syscall() + " (" + v.nr() + ") " + v.arch()
                + " pid " + v.pid() + " " + v.exe() + " args(" + args + ") -> " + v.action() + " by " + v.decidedBy()
                + (complain ? "; allowed (complain mode)" : "");
        synchronized (this) {
            violations.add(v);
        }
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }

    synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Counts per (syscall, action), in order of first appearance. */
    synchronized Map<String, Integer> summary() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Violation v : violations) {
            counts.merge(v.syscall() + " -> " + v.action(), 1, Integer::sum);
        }
        return counts;
    }

    /** The syscall names a rule could allow (bad-arch calls have none). */
    synchronized Set<String> nameableSyscalls() {
        Set<String> names = new LinkedHashSet<>();
        violations.stream().filter(Violation::nameable).forEach(v -> names.add(v.syscall()));
        return names;
    }

    private Decision decide(Notification n) {
        long[] args = n.args().stream().mapToLong(Long::longValue).toArray();
        return judge.get().spec().decide(new SeccompData(n.nr(), n.arch(), n.instructionPointer(), args));
    }

    private static Optional<Arch> arch(Notification n) {
        List<Arch> matching = java.util.Arrays.stream(Arch.values()).filter(a -> a.auditArch() == n.arch()).toList();
        if (matching.contains(Arch.X32) && (n.nr() & Arch.X32_SYSCALL_BIT) != 0) {
            return Optional.of(Arch.X32);
        }
        return matching.stream().filter(a -> a != Arch.X32).findFirst();
    }

    /** The part of the profile that decided: its defaultAction, or the first rule naming the call with that action. */
    private String decidedBy(Decision decision, Optional<String> name) {
        return switch (decision.reason()) {
            case DEFAULT -> "defaultAction";
            case BAD_ARCH -> "the architecture check (arch not in the profile)";
            case ENOSYS_STUB -> "the ENOSYS stub";
            case SYSCALL_RULE, ARGUMENT_RULE -> {
                List<SyscallRule> rules = judge.get().profile().syscalls();
                for (int i = 0; i < rules.size(); i++) {
                    SyscallRule r = rules.get(i);
                    if (name.isPresent() && r.names().contains(name.get())
                            && ActionValue.of(r.action(), r.errnoRet()) == decision.action()) {
                        yield "rule #" + i + " (syscalls[" + i + "], names " + String.join(", ", r.names()) + ")";
                    }
                }
                yield "a rule of the profile";
            }
        };
    }
}
