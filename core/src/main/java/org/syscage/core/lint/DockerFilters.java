package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.Capabilities;
import org.syscage.core.docker.DockerHost;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.SyscallRule;

/**
 * SC019: Docker-only problems, found before resolution: includes/excludes that never match (an
 * unknown capability, an arch name no dockerd compares as) or contradict each other.
 */
record DockerFilters() implements LintRule {
    @Override public String id() { return "SC019"; }
    @Override public String name() { return "docker-filters"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A Docker includes/excludes condition can never match or contradicts itself."; }
    @Override public String help() {
        return "dockerd compares includes.caps and excludes.caps with the container's capabilities as strings, "
                + "and includes.arches/excludes.arches with its own arch name (amd64, arm64, x86 for a 386 build, "
                + "...; never x32). A misspelt capability makes an includes rule never apply and an excludes rule "
                + "never be excluded; an arch name dockerd never has is dead; the same capability in includes and "
                + "excludes makes the rule never apply.";
    }

    /** The names dockerd compares arches as, on every arch a dockerd can run on. */
    static Set<String> dockerArchNames() {
        Set<String> names = new java.util.TreeSet<>();
        for (Arch a : Arch.values()) {
            try {
                names.add(DockerHost.of(a).nativeName());
            } catch (org.syscage.core.InputException noDockerd) {
                // no dockerd is built for this arch
            }
        }
        names.remove("");
        return names;
    }

    @Override
    public List<Finding> check(ProfileView view) {
        if (!view.dockerFormat()) {
            return List.of();
        }
        Set<String> archNames = dockerArchNames();
        List<Finding> out = new ArrayList<>();
        List<SyscallRule> rules = view.written().syscalls();
        for (int i = 0; i < rules.size(); i++) {
            SyscallRule rule = rules.get(i);
            for (String side : List.of("includes", "excludes")) {
                Filter f = side.equals("includes") ? rule.includes() : rule.excludes();
                for (String cap : f.caps()) {
                    if (!Capabilities.isKnown(cap)) {
                        out.add(finding(Severity.WARNING, side + ".caps of " + view.describeWrittenRule(i) + " (" + String.join(", ", rule.names())
                                        + ") names " + cap + ", which Linux does not have: "
                                        + (side.equals("includes") ? "the rule never applies." : "the rule is never excluded."),
                                view.writtenRule(i), "correct the capability name (CAP_SYS_ADMIN, CAP_SYS_NICE, ...)",
                                rule.names()));
                    }
                }
                for (String arch : f.arches()) {
                    if (!archNames.contains(arch)) {
                        out.add(finding(Severity.INFO, side + ".arches of " + view.describeWrittenRule(i) + " (" + String.join(", ", rule.names())
                                        + ") names '" + arch + "', which no dockerd compares its arch as (they are "
                                        + String.join(", ", archNames) + "): that entry never matches.",
                                view.writtenRule(i), "remove '" + arch + "' (x32 is covered as a sub-arch of amd64)",
                                rule.names()));
                    }
                }
            }
            List<String> both = rule.includes().caps().stream().filter(rule.excludes().caps()::contains).toList();
            if (!both.isEmpty()) {
                out.add(finding(Severity.WARNING, view.describeWrittenRule(i) + " (" + String.join(", ", rule.names()) + ") both "
                                + "includes and excludes " + String.join(", ", both) + ": it never applies.",
                        view.writtenRule(i), "keep the capability on one side only", rule.names()));
            }
        }
        return out;
    }
}
