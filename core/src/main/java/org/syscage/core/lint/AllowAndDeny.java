package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.explain.Placement;
import org.syscage.core.explain.Placement.Fate;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;
import org.syscage.core.profile.Verdict;

/**
 * SC009: one syscall is both allowed and denied by rules of the profile, as in CRI-O's and
 * Podman's default, which list setns among the allowed syscalls and also deny it without
 * CAP_SYS_ADMIN; what happens then is decided by how libseccomp combines the two.
 */
record AllowAndDeny() implements LintRule {
    @Override public String id() { return "SC009"; }
    @Override public String name() { return "allow-and-deny"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A syscall has both allowing and denying rules."; }
    @Override public String help() {
        return "When one rule allows a syscall and another denies it, the outcome is libseccomp's: the first "
                + "unconditional rule wins and later rules for the syscall are ignored; an unconditional rule "
                + "replaces earlier argument rules; argument rules are merged by their conditions. CRI-O and Podman "
                + "allow setns in their main list and deny it again without CAP_SYS_ADMIN: the deny never applies. "
                + "Keep each syscall in one rule, or make the two rules' conditions exclude each other.";
    }

    static boolean opposite(Verdict a, Verdict b) {
        return (a.allows() && b.denies()) || (a.denies() && b.allows());
    }

    /**
     * {@code allowed by the rule at line 3 and denied with ERRNO(1) by the rule at line 4}: each
     * rule with its own action, so that a LOG rule is not read as ALLOW (nor TRAP as KILL).
     */
    private static String both(ProfileView view, PlacedRule allow, PlacedRule deny) {
        return "allowed" + (allow.verdict().equals(Verdict.ALLOW) ? "" : " with " + allow.verdict()) + " by "
                + Rules.ruleAndConditions(view, allow) + " and denied with " + deny.verdict() + " by "
                + Rules.ruleAndConditions(view, deny);
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        for (SyscallRules rules : view.nativeFilter().all().values()) {
            List<Placement> considered = rules.placements().stream()
                    .filter(p -> p.fate() != Fate.DROPPED_AS_DEFAULT && p.rule().via() == null)
                    .toList();
            Optional<Placement> allow = considered.stream().filter(p -> p.rule().verdict().allows()).findFirst();
            Optional<Placement> deny = considered.stream().filter(p -> p.rule().verdict().denies()).findFirst();
            if (allow.isEmpty() || deny.isEmpty()) {
                continue;
            }
            String name = allow.get().rule().name();
            Optional<PlacedRule> winner = rules.unconditional();
            Placement loser = winner.isPresent()
                    ? considered.stream().filter(p -> p.fate() != Fate.ACTIVE
                            && opposite(p.rule().verdict(), winner.get().verdict())).findFirst().orElse(null)
                    : null;
            if (loser != null) {
                PlacedRule w = winner.get();
                out.add(finding(Severity.WARNING, name + " is " + both(view, allow.get().rule(), deny.get().rule())
                                + "; the result is " + w.verdict() + " whatever its arguments: " + view.describeRule(w.source())
                                + (loser.fate() == Fate.SHADOWED ? " comes first and libseccomp ignores later rules for "
                                + name : " is unconditional and replaces the argument rules before it")
                                + ", so the " + loser.rule().verdict() + " of " + view.describeRule(loser.rule().source())
                                + " never applies.",
                        view.name(loser.rule().source(), loser.rule().nameIndex()),
                        "remove " + name + " from " + view.describeRule(loser.rule().source()) + " (or from "
                                + view.describeRule(w.source()) + " if " + loser.rule().verdict() + " is what you meant)",
                        List.of(name)));
            } else if (winner.isEmpty()) {
                boolean overlap = !rules.disjoint(allow.get().rule(), deny.get().rule());
                out.add(finding(overlap ? Severity.WARNING : Severity.INFO, name + " is "
                                + both(view, allow.get().rule(), deny.get().rule()) + "; "
                                + (overlap ? "the conditions may overlap, and for arguments that satisfy both the "
                                + "outcome depends on how libseccomp merges the rules." : "the conditions exclude "
                                + "each other, so each call gets one of them."),
                        view.name(deny.get().rule().source(), deny.get().rule().nameIndex()),
                        overlap ? "make the conditions of the two rules exclude each other" : "nothing to change if this is intended",
                        List.of(name)));
            }
        }
        return out;
    }
}
