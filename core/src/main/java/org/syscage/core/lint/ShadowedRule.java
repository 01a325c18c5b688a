package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.syscage.core.explain.Placement;
import org.syscage.core.explain.Placement.Fate;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;

/**
 * SC008: a rule for a syscall never applies because an unconditional rule for it with another
 * verdict decides instead: an earlier one (libseccomp keeps the first unconditional rule) or a
 * later one (an unconditional rule replaces the argument rules before it). Allow-versus-deny
 * pairs are reported by SC009 instead.
 */
record ShadowedRule() implements LintRule {
    @Override public String id() { return "SC008"; }
    @Override public String name() { return "shadowed-rule"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A rule never applies: an unconditional rule for the same syscall decides first."; }
    @Override public String help() {
        return "libseccomp combines the rules for one syscall in profile order: once a syscall has an "
                + "unconditional rule, later rules for it are ignored, and an unconditional rule replaces the "
                + "argument rules added before it. The shadowed rule's action (say ERRNO(38) instead of ERRNO(1)) "
                + "therefore never happens. Remove it, or make the unconditional rule conditional.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        for (SyscallRules rules : view.nativeFilter().all().values()) {
            Set<Integer> reported = new HashSet<>();
            for (Placement p : rules.placements()) {
                PlacedRule r = p.rule();
                boolean lost = p.fate() == Fate.SHADOWED || p.fate() == Fate.REPLACED;
                if (!lost || r.via() != null || r.verdict().equals(p.cause().verdict())
                        || AllowAndDeny.opposite(r.verdict(), p.cause().verdict()) || !reported.add(r.source())) {
                    continue;
                }
                String why = p.fate() == Fate.SHADOWED
                        ? "the earlier unconditional rule, " + view.describeRule(p.cause().source()) + ", already gives "
                                + r.name() + " " + p.cause().verdict() + " and libseccomp keeps the first unconditional rule"
                        : "the later unconditional rule, " + view.describeRule(p.cause().source()) + ", gives "
                                + r.name() + " " + p.cause().verdict() + " and replaces the argument rules added before it";
                out.add(finding(Severity.WARNING, r.name() + "'s " + r.verdict()
                                + (r.unconditional() ? "" : " when " + org.syscage.core.explain.Conditions.describe(r.conditions()))
                                + " in " + view.describeRule(r.source()) + " never applies: " + why + ".",
                        view.name(r.source(), r.nameIndex()),
                        "remove " + r.name() + " from one of the two rules, or give the unconditional one conditions",
                        List.of(r.name())));
            }
        }
        return out;
    }
}
