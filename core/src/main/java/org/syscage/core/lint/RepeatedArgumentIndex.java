package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.explain.Conditions;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.SyscallRule;

/**
 * SC010: a rule tests one argument twice (say {@code a0 >= 1} and {@code a0 <= 5}); runc then adds
 * every condition of the rule as a rule of its own, so they are ORed, not ANDed.
 */
record RepeatedArgumentIndex() implements LintRule {
    @Override public String id() { return "SC010"; }
    @Override public String name() { return "repeated-argument-index"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A rule tests one argument twice: runc ORs all its conditions."; }
    @Override public String help() {
        return "libseccomp accepts one condition per argument in a rule, so when a rule names an argument "
                + "index twice runc adds each of its conditions as a separate rule: the rule matches when ANY "
                + "condition holds. 'a0 >= 1 && a0 <= 5' becomes 'a0 >= 1 || a0 <= 5', which is every value. "
                + "Express a range with one condition (a MASKED_EQ, or EQ rules per value), and keep conditions "
                + "on different arguments in their own rule.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < view.resolved().syscalls().size(); i++) {
            SyscallRule rule = view.resolved().syscalls().get(i);
            if (!Conditions.repeatsAnIndex(rule.args())) {
                continue;
            }
            String written = Conditions.describe(rule.args());
            String meant = String.join(" || ", rule.args().stream().map(Conditions::describe).toList());
            out.add(finding(Severity.WARNING, view.describeRule(i) + " (" + String.join(", ", rule.names())
                            + ") tests an argument more than once, so runc splits it into one rule per condition: it "
                            + "matches when " + meant + ", not when " + written + ".",
                    view.arg(i, firstRepeat(rule.args())),
                    "use one condition per argument (a MASKED_EQ, or one SCMP_CMP_EQ rule per allowed value)",
                    rule.names()));
        }
        return out;
    }

    private static int firstRepeat(List<ArgCondition> args) {
        for (int i = 1; i < args.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (args.get(i).index() == args.get(j).index()) {
                    return i;
                }
            }
        }
        return 0;
    }
}
