package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.explain.Placement;
import org.syscage.core.explain.SyscallRules;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;

/** SC006: a rule's action equals the default action, so runc drops it: it is dead. */
record RuleEqualsDefault() implements LintRule {
    @Override public String id() { return "SC006"; }
    @Override public String name() { return "rule-equals-default"; }
    @Override public Severity severity() { return Severity.INFO; }
    @Override public String summary() { return "A rule's action equals the default action; runc drops it."; }
    @Override public String help() {
        return "runc skips every rule whose action (and errno) equals the default action before libseccomp sees "
                + "it, so the rule has no effect. That is harmless on its own, but such a rule cannot override "
                + "other rules for the same syscall: a later unconditional ERRNO rule would replace earlier ALLOW "
                + "argument rules in libseccomp, yet when it equals the default runc never adds it and they stay.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        Verdict byDefault = Verdict.of(view.resolved().defaultAction(), view.resolved().defaultErrnoRet());
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < view.resolved().syscalls().size(); i++) {
            SyscallRule rule = view.resolved().syscalls().get(i);
            if (!Verdict.of(rule.action(), rule.errnoRet()).equals(byDefault)) {
                continue;
            }
            List<String> overriding = othersWithAnotherVerdict(view, rule, byDefault);
            String message = view.describeRule(i) + " (" + String.join(", ", rule.names()) + ") has the default action's verdict " + byDefault
                    + ": runc drops it, so it has no effect"
                    + (overriding.isEmpty() ? "." : "; in particular it does not override the other rules for "
                    + String.join(", ", overriding) + ", which stay in force.");
            out.add(finding(overriding.isEmpty() ? Severity.INFO : Severity.WARNING, message,
                    view.ruleField(i, "action"),
                    overriding.isEmpty() ? "remove the rule (the default action already applies)"
                            : "remove the rule, and change or remove the other rules for " + String.join(", ", overriding)
                            + " to get the default action for them",
                    rule.names()));
        }
        return out;
    }

    /** Names of the rule that have active rules with another verdict on the native arch. */
    private static List<String> othersWithAnotherVerdict(ProfileView view, SyscallRule rule, Verdict byDefault) {
        return rule.names().stream().distinct()
                .filter(n -> view.nativeFilter().rules(n).map(SyscallRules::placements).orElse(List.of()).stream()
                        .anyMatch(p -> p.fate() == Placement.Fate.ACTIVE && !p.rule().verdict().equals(byDefault)))
                .toList();
    }
}
