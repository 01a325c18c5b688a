package org.syscage.core.lint;

import java.util.List;
import java.util.Optional;
import org.syscage.core.explain.FilterModel;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;

/**
 * SC017: execve is denied (execveat too, or it would be a way around), so a container runtime
 * cannot start the container's program: runc loads the filter and then calls execve.
 */
record DeniesExecve() implements LintRule {
    @Override public String id() { return "SC017"; }
    @Override public String name() { return "denies-execve"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String summary() { return "execve is denied: a container runtime cannot start the program."; }
    @Override public String help() {
        return "runc and crun load the seccomp filter as late as they can, and the very last thing they do is "
                + "execve(2) of the container's program, under the filter. A profile for a container must "
                + "therefore allow execve. (To stop the program from running others, deny execve in the program "
                + "itself after start-up, e.g. with 'syscage run', not in the container's profile.) Conditions on "
                + "execve's arguments compare pointers, which a profile cannot predict.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        FilterModel filter = view.nativeFilter();
        if (!Allowances.alwaysDenied(filter, "execve")) {
            Optional<SyscallRules> rules = filter.rules("execve");
            boolean onlyConditionally = rules.isPresent() && rules.get().unconditional().isEmpty()
                    && !filter.defaultVerdict().allows();
            if (!onlyConditionally) {
                return List.of();
            }
            PlacedRule r = rules.get().active().stream().filter(p -> !p.verdict().denies()).findFirst().orElseThrow();
            return List.of(finding(Severity.WARNING, "execve is allowed only when "
                            + org.syscage.core.explain.Conditions.describe(r.conditions())
                            + " (" + view.describeRule(r.source()) + "): its arguments are pointers, so whether the "
                            + "container's program starts depends on where runc's strings happen to be.",
                    view.name(r.source(), r.nameIndex()), "allow execve without conditions", List.of("execve")));
        }
        Optional<PlacedRule> denying = Allowances.unconditional(filter, "execve");
        String how = denying.map(d -> view.describeRule(d.source()) + " gives it " + d.verdict())
                .orElse("no rule allows it and the default action is " + filter.defaultVerdict());
        boolean execveatToo = Allowances.alwaysDenied(filter, "execveat");
        return List.of(finding(Severity.ERROR, "execve is denied (" + how + ")" + (execveatToo ? ", and execveat too" : "")
                        + ": the runtime's last step before the container's program runs is execve under this filter, "
                        + "so the container cannot start.",
                denying.map(d -> view.name(d.source(), d.nameIndex())).orElse(view.field("defaultAction")),
                denying.map(d -> "remove execve from " + view.describeRule(d.source()))
                        .orElse("add execve (and execveat) to the profile's allow rule"),
                execveatToo ? List.of("execve", "execveat") : List.of("execve")));
    }
}
