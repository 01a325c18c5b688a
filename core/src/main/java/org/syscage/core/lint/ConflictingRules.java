package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.explain.Conditions;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;

/**
 * SC020: two argument rules for one syscall with different actions that may match the same call.
 * With identical conditions libseccomp refuses the second rule (EEXIST) and runc does not start
 * the container; with merely overlapping ones, libseccomp's tree merge decides (or refuses).
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
        for (SyscallRules rules : view.nativeFilter().all().values()) {
            List<PlacedRule> merged = rules.mergedArgumentRules();
            boolean reported = false;
            for (int i = 0; i < merged.size() && !reported; i++) {
                for (int j = i + 1; j < merged.size() && !reported; j++) {
                    PlacedRule a = merged.get(i);
                    PlacedRule b = merged.get(j);
                    if (a.verdict().equals(b.verdict()) || rules.disjoint(a, b) || a.via() != null || b.via() != null) {
                        continue;
                    }
                    boolean same = a.conditions().equals(b.conditions());
                    out.add(finding(same ? Severity.ERROR : Severity.WARNING, b.name() + ": " + view.describeRule(b.source())
                                    + " gives " + b.verdict() + " when " + Conditions.describe(b.conditions()) + ", and "
                                    + view.describeRule(a.source()) + " gives " + a.verdict() + (same
                                    ? " under the same conditions: libseccomp refuses the second rule (EEXIST) and runc "
                                    + "does not start the container." : " when " + Conditions.describe(a.conditions())
                                    + "; calls matching both get whichever libseccomp's merge puts first, or runc "
                                    + "refuses the profile."),
                            view.name(b.source(), b.nameIndex()),
                            same ? "remove one of the two rules" : "make the two rules' conditions exclude each other",
                            List.of(b.name())));
                    reported = true;
                }
            }
        }
        return out;
    }
}
