package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * SC016: SCMP_ACT_NOTIFY without a listenerPath (runc fails to start the container), NOTIFY on
 * write (runc refuses it), or a listenerPath no rule uses.
 */
record NotifyWithoutListener() implements LintRule {
    @Override public String id() { return "SC016"; }
    @Override public String name() { return "notify-without-listener"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String summary() { return "SCMP_ACT_NOTIFY without listenerPath, or on write."; }
    @Override public String help() {
        return "SCMP_ACT_NOTIFY hands the syscall to a user-space agent, which runc connects to through the "
                + "unix socket in listenerPath; without it runc stops with 'seccomp listenerPath is not set' and the "
                + "container does not start. runc also refuses NOTIFY for write, which it needs itself while "
                + "setting the container up. A listenerPath that no rule uses is harmless but suggests a lost rule.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        Profile p = view.resolved();
        List<Finding> out = new ArrayList<>();
        boolean notifies = false;
        for (int i = 0; i < p.syscalls().size(); i++) {
            SyscallRule rule = p.syscalls().get(i);
            if (rule.action() != Action.NOTIFY) {
                continue;
            }
            notifies = true;
            if (p.listenerPath() == null) {
                out.add(finding(Severity.ERROR, view.describeRule(i) + " notifies a listener (SCMP_ACT_NOTIFY for "
                                + String.join(", ", rule.names()) + ") but the profile has no listenerPath: runc stops "
                                + "with 'seccomp listenerPath is not set' and the container does not start.",
                        view.ruleField(i, "action"),
                        "add \"listenerPath\": the unix socket of the seccomp agent", rule.names()));
            }
            int write = rule.names().indexOf("write");
            if (write >= 0) {
                out.add(finding(Severity.ERROR, "SCMP_ACT_NOTIFY for write in " + view.describeRule(i)
                                + ": runc refuses it (it writes to set the container up) and the container does not start.",
                        view.name(i, write), "remove write from the NOTIFY rule", List.of("write")));
            }
        }
        if (!notifies && p.listenerPath() != null) {
            out.add(finding(Severity.INFO, "listenerPath is set but no rule uses SCMP_ACT_NOTIFY, so no syscall "
                            + "reaches the agent.",
                    view.field("listenerPath"), "remove listenerPath, or add the NOTIFY rule it was meant for", List.of()));
        }
        return out;
    }
}
