package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.explain.FilterModel;
import org.syscage.core.profile.Action;
import org.syscage.core.syscalls.SyscallTable;

/**
 * SC018: the default action lets syscalls run (ALLOW or LOG), so the profile is a deny-list: it
 * blocks only what it names, and every syscall it forgets, or that a newer kernel adds, runs.
 */
record DenyList() implements LintRule {
    @Override public String id() { return "SC018"; }
    @Override public String name() { return "deny-list"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "defaultAction allows (ALLOW/LOG): only the listed syscalls are blocked."; }
    @Override public String help() {
        return "A deny-list profile allows every syscall it does not name, including ones added by newer kernels. "
                + "Lint lists the dangerous syscalls it does not deny. Prefer an allow-list: defaultAction "
                + "SCMP_ACT_ERRNO and the syscalls the program needs ('syscage record' finds them). "
                + "SCMP_ACT_LOG as default is audit mode: nothing is blocked.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        FilterModel filter = view.nativeFilter();
        Action a = view.resolved().defaultAction();
        if (!filter.defaultVerdict().allows()) {
            return List.of();
        }
        SyscallTable table = SyscallTable.of(view.nativeArch());
        List<String> missed = new ArrayList<>();
        List<String> candidates = new ArrayList<>(DangerousSyscalls.names());
        candidates.addAll(DangerousSyscalls.JUDGED_BY_ARGUMENTS);
        for (String name : candidates) {
            if (table.names().contains(name) && !Allowances.alwaysDenied(filter, name)) {
                missed.add(name);
            }
        }
        String mode = a == Action.LOG ? "defaultAction SCMP_ACT_LOG only logs: nothing is blocked except what the "
                + "rules deny" : "defaultAction " + a.profileName() + " lets every syscall the rules do not deny run";
        String message = mode + (missed.isEmpty()
                ? "; the dangerous syscalls lint knows are all denied, but syscalls added by newer kernels will run."
                : "; not denied on " + view.nativeArch().kernelName() + ": " + String.join(", ", missed) + ".");
        return List.of(finding(missed.isEmpty() ? Severity.INFO : Severity.WARNING, message,
                view.field("defaultAction"),
                "turn the profile into an allow-list: defaultAction SCMP_ACT_ERRNO plus the syscalls the program "
                        + "needs ('syscage record' finds them)" + (missed.isEmpty() ? "" : ", or at least deny "
                        + String.join(", ", missed.subList(0, Math.min(5, missed.size()))) + (missed.size() > 5 ? ", ..." : "")),
                missed));
    }
}
