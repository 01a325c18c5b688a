package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.PlacedRule;

/** SC003: personality is allowed whatever persona it sets. */
record UnrestrictedPersonality() implements LintRule {
    @Override public String id() { return "SC003"; }
    @Override public String name() { return "unrestricted-personality"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "personality is allowed without argument limits."; }
    @Override public String help() {
        return "personality(2) can switch on READ_IMPLIES_EXEC (every readable mapping executable) or "
                + "ADDR_NO_RANDOMIZE (no ASLR) for the process and its children, which weakens exploit "
                + "mitigations. Programs need only a few personas: Docker allows a0 == 0x0 (PER_LINUX), 0x8, "
                + "0x20000, 0x20008 and 0xffffffff (query), each as its own SCMP_CMP_EQ rule.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        PlacedRule first = null;
        List<Arch> on = new ArrayList<>();
        for (Arch arch : view.arches()) {
            var unconditional = Allowances.allowingRules(view.filter(arch), "personality").stream()
                    .filter(PlacedRule::unconditional).findFirst();
            if (unconditional.isPresent()) {
                on.add(arch);
                first = first == null ? unconditional.get() : first;
            }
        }
        if (first == null) {
            return List.of();
        }
        return List.of(finding(Severity.WARNING, "personality is allowed on " + Rules.arches(on) + " by "
                        + view.describeRule(first.source()) + " with any argument: a process can turn on "
                        + "READ_IMPLIES_EXEC or ADDR_NO_RANDOMIZE.",
                view.name(first.source(), first.nameIndex()),
                "allow personality only for a0 == 0x0, 0x8, 0x20000, 0x20008 and 0xffffffff (one SCMP_CMP_EQ "
                        + "rule each), as Docker does", List.of("personality")));
    }
}
