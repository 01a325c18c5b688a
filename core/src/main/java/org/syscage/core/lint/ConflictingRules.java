package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.syscage.core.compiler.CompileException;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.RuleRefusedException;
import org.syscage.core.compiler.SpecBuilder;
import org.syscage.core.explain.Conditions;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;

/**
 * SC020: argument rules for one syscall with different actions that may match the same call.
 * An error exactly when libseccomp refuses one of them (EEXIST, and runc does not start the
 * container) — decided by the compiler's own replay of libseccomp's merge, so lint and compile
 * never disagree; a warning when the conditions merely overlap, as libseccomp's merge order then
 * decides the overlap.
 */
record ConflictingRules() implements LintRule {
    @Override public String id() { return "SC020"; }
    @Override public String name() { return "conflicting-rules"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String summary() { return "Argument rules with different actions match the same calls."; }
    @Override public String help() {
        return "libseccomp merges a syscall's argument rules into one decision tree. Two rules with the same "
                + "conditions but different actions cannot be merged: libseccomp returns EEXIST and runc refuses the "
                + "profile. Rules whose conditions merely overlap are merged in libseccomp's own order, which may "
                + "also fail or give the overlap either action. Make the conditions exclude each other.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        Optional<RuleRefusedException> refusal = SpecBuilder.refusal(view.resolved(),
                CompileOptions.runc(view.nativeArch()).withArches(view.arches()));
        refusal.ifPresent(r -> out.add(refused(view, r)));
        String refusedSyscall = refusal.map(r -> view.filter(r.arch()).all().values().stream()
                .filter(rules -> refusedRule(rules, r).isPresent()).findFirst().map(SyscallRules::syscall).orElse(""))
                .orElse("");
        for (SyscallRules rules : view.nativeFilter().all().values()) {
            if (rules.syscall().equals(refusedSyscall)) {
                continue; // the error already names the rules
            }
            overlap(view, rules).ifPresent(out::add);
        }
        return out;
    }

    /** The error: the rule libseccomp refuses, and the earlier rules it collides with. */
    private Finding refused(ProfileView view, RuleRefusedException r) {
        CompileException.RulePlace place = r.rule().orElseThrow();
        List<PlacedRule> earlier = view.filter(r.arch()).all().values().stream()
                .flatMap(rules -> refusedRule(rules, r).map(refused -> collidingWith(rules, refused)).stream())
                .findFirst().orElse(List.of());
        String with = earlier.isEmpty() ? "" : ": it collides with " + earlier.stream()
                .map(e -> Rules.ruleAndConditions(view, e) + " (" + e.verdict() + ")")
                .distinct().collect(Collectors.joining(", "));
        return finding(Severity.ERROR, r.syscall() + ": libseccomp refuses " + view.describeRule(place.ruleIndex())
                        + " on " + r.arch().kernelName() + " (EEXIST)" + with + "; runc does not start the container.",
                view.name(place.ruleIndex(), place.nameIndex()),
                "remove the rule or make its conditions exclude the earlier rules'", List.of(r.syscall()));
    }

    /** The first part of the refused rule among a syscall's merged rules, if it is one of them. */
    private static Optional<PlacedRule> refusedRule(SyscallRules rules, RuleRefusedException r) {
        CompileException.RulePlace place = r.rule().orElseThrow();
        return rules.mergedArgumentRules().stream()
                .filter(p -> p.source() == place.ruleIndex() && p.nameIndex() == place.nameIndex())
                .findFirst();
    }

    /**
     * The earlier merged rules with another action that the refused one may collide with: those
     * with the very same conditions when there are any (libseccomp's usual EEXIST), else every
     * overlapping one.
     */
    private static List<PlacedRule> collidingWith(SyscallRules rules, PlacedRule refused) {
        List<PlacedRule> merged = rules.mergedArgumentRules();
        List<PlacedRule> overlapping = merged.subList(0, merged.indexOf(refused)).stream()
                .filter(e -> !e.verdict().equals(refused.verdict()) && !rules.disjoint(e, refused))
                .toList();
        List<PlacedRule> same = overlapping.stream().filter(e -> e.conditions().equals(refused.conditions())).toList();
        return same.isEmpty() ? overlapping : same;
    }

    /** The warning: the first two merged rules with different actions whose conditions may overlap. */
    private Optional<Finding> overlap(ProfileView view, SyscallRules rules) {
        List<PlacedRule> merged = rules.mergedArgumentRules();
        for (int j = 1; j < merged.size(); j++) {
            for (int i = 0; i < j; i++) {
                PlacedRule a = merged.get(i);
                PlacedRule b = merged.get(j);
                if (a.verdict().equals(b.verdict()) || rules.disjoint(a, b) || a.via() != null || b.via() != null) {
                    continue;
                }
                return Optional.of(finding(Severity.WARNING, b.name() + ": " + view.describeRule(b.source()) + " gives "
                                + b.verdict() + " when " + Conditions.describe(b.conditions()) + ", and "
                                + view.describeRule(a.source()) + " gives " + a.verdict() + " when "
                                + Conditions.describe(a.conditions()) + "; calls matching both get whichever "
                                + "libseccomp's merge puts first.",
                        view.name(b.source(), b.nameIndex()),
                        "make the two rules' conditions exclude each other", List.of(b.name())));
            }
        }
        return Optional.empty();
    }
}
