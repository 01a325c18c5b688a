package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.format.SourceLocation;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.SyscallRule;

/**
 * SC013: an errno the kernel does not return as written: above 4095 (the kernel caps it at
 * MAX_ERRNO) or 0 (the syscall "succeeds" without running).
 */
record ErrnoMisuse() implements LintRule {
    /** MAX_ERRNO (include/linux/err.h): seccomp caps SECCOMP_RET_ERRNO's data at this value. */
    static final int MAX_ERRNO = 4095;

    @Override public String id() { return "SC013"; }
    @Override public String name() { return "errno-misuse"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "An errnoRet above 4095 (capped by the kernel) or 0 (success without running)."; }
    @Override public String help() {
        return "SCMP_ACT_ERRNO makes the syscall return -errnoRet. The kernel caps the value at 4095 "
                + "(MAX_ERRNO), so a larger errnoRet is not what the program sees. errnoRet 0 makes the syscall "
                + "return 0, success, without doing anything: programs then go on as if a write, a chown or a "
                + "mount had happened. Use a real errno: 1 (EPERM) to deny, 38 (ENOSYS) to make libc fall back.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        var p = view.resolved();
        if (p.defaultAction() == Action.ERRNO && p.defaultErrnoRet() != null) {
            check(p.defaultErrnoRet(), "defaultErrnoRet", "every syscall the rules do not name",
                    view.field("defaultErrnoRet"), List.of(), out);
        }
        for (int i = 0; i < p.syscalls().size(); i++) {
            SyscallRule rule = p.syscalls().get(i);
            if (rule.action() == Action.ERRNO && rule.errnoRet() != null) {
                check(rule.errnoRet(), "errnoRet of " + view.describeRule(i), String.join(", ", rule.names()),
                        view.ruleField(i, "errnoRet"), rule.names(), out);
            }
        }
        return out;
    }

    private void check(int errno, String what, String forWhat, Optional<SourceLocation> at, List<String> names,
                       List<Finding> out) {
        if (errno > MAX_ERRNO) {
            out.add(finding(Severity.WARNING, what + " is " + errno + ", above " + MAX_ERRNO
                            + " (MAX_ERRNO): the kernel returns -" + MAX_ERRNO + " for " + forWhat + " instead.",
                    at, "use an errno of 1..4095, e.g. 1 (EPERM) or 38 (ENOSYS)", names));
        } else if (errno == 0) {
            out.add(finding(Severity.WARNING, what + " is 0: " + forWhat + " return 0 (success) without running.",
                    at, "use 1 (EPERM) to deny, or SCMP_ACT_ALLOW if the call should run", names));
        }
    }
}
