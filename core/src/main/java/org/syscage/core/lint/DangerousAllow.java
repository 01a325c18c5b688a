package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.PlacedRule;

/** SC001: a rule allows a syscall that gives a container a way into the host kernel or out of its isolation. */
record DangerousAllow() implements LintRule {
    @Override public String id() { return "SC001"; }
    @Override public String name() { return "dangerous-allow"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A rule allows a dangerous syscall (kexec, modules, bpf, mount, ptrace, keyctl, io_uring, ...)."; }
    @Override public String help() {
        return "Some syscalls give a process in a container a direct way into the host kernel (kexec_load, "
                + "init_module, open_by_handle_at) or a large attack surface (bpf, mount, perf_event_open, keyctl, "
                + "userfaultfd, io_uring). Allow them only when the workload needs them, and then prefer the "
                + "capability that guards them (Docker's includes.caps). Remove the name from the allowing rule.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        for (String name : DangerousSyscalls.names()) {
            DangerousSyscalls.Danger danger = DangerousSyscalls.of(name, view.options().kernel()).orElseThrow();
            PlacedRule first = null;
            List<Arch> on = new ArrayList<>();
            for (Arch arch : view.arches()) {
                List<PlacedRule> allowing = Allowances.allowingRules(view.filter(arch), name);
                if (!allowing.isEmpty()) {
                    on.add(arch);
                    first = first == null ? allowing.getFirst() : first;
                }
            }
            if (first == null) {
                continue;
            }
            out.add(finding(danger.severity(),
                    name + " is allowed on " + Rules.arches(on) + " by " + Rules.ruleAndConditions(view, first)
                            + Rules.dockerCapsNote(view, first.source()) + ": it " + danger.risk() + ".",
                    view.name(first.source(), first.nameIndex()),
                    "remove " + name + " from " + view.describeRule(first.source())
                            + " unless the workload needs it" + (Rules.needsCaps(view, first.source())
                            ? " (or run the container without the capability that adds it)" : ""),
                    List.of(name)));
        }
        return out;
    }
}
