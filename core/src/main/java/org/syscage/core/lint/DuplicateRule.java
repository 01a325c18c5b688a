package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.syscage.core.explain.Placement;
import org.syscage.core.explain.Placement.Fate;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;
import org.syscage.core.profile.SyscallRule;

/**
 * SC007: a name is listed twice in one rule, or a rule repeats what an earlier rule for the same
 * syscall already says (same verdict, same conditions, or an earlier unconditional rule with the
 * same verdict).
 */
record DuplicateRule() implements LintRule {
    @Override public String id() { return "SC007"; }
    @Override public String name() { return "duplicate-rule"; }
    @Override public Severity severity() { return Severity.INFO; }
    @Override public String summary() { return "A syscall is listed twice with the same effect."; }
    @Override public String help() {
        return "Repeating a name costs nothing in the filter but makes the profile harder to review and to "
                + "change: removing one occurrence does not remove the syscall. Keep each syscall in one place.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < view.resolved().syscalls().size(); i++) {
            SyscallRule rule = view.resolved().syscalls().get(i);
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < rule.names().size(); j++) {
                String name = rule.names().get(j);
                if (!seen.add(name)) {
                    out.add(finding(Severity.INFO, name + " is listed twice in " + view.describeRule(i) + ".",
                            view.name(i, j), "remove the second " + name, List.of(name)));
                }
            }
        }
        for (SyscallRules rules : view.nativeFilter().all().values()) {
            Set<Integer> reported = new HashSet<>();
            List<PlacedRule> earlier = new ArrayList<>();
            for (Placement p : rules.placements()) {
                PlacedRule r = p.rule();
                if (r.via() != null || r.orPart() > 0 || p.fate() == Fate.DROPPED_AS_DEFAULT) {
                    continue;
                }
                boolean sameRule = p.cause() != null && p.cause().source() == r.source();
                PlacedRule same = sameRule ? null
                        : p.fate() == Fate.SHADOWED && p.cause().verdict().equals(r.verdict()) ? p.cause()
                        : earlier.stream().filter(e -> e.source() != r.source() && e.verdict().equals(r.verdict())
                                && e.conditions().equals(r.conditions())).findFirst().orElse(null);
                if (same != null && reported.add(r.source())) {
                    out.add(finding(Severity.INFO, r.name() + " in " + view.describeRule(r.source()) + " repeats "
                                    + view.describeRule(same.source()) + ", which already gives it " + same.verdict()
                                    + (same.unconditional() ? " whatever its arguments." : " under the same conditions."),
                            view.name(r.source(), r.nameIndex()),
                            "remove " + r.name() + " from " + view.describeRule(r.source()), List.of(r.name())));
                }
                earlier.add(r);
            }
        }
        return out;
    }
}
