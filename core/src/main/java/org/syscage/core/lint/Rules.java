package org.syscage.core.lint;

import java.util.List;
import java.util.stream.Collectors;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.Conditions;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.profile.SyscallRule;

/** Wording shared by the rules' messages. */
final class Rules {
    private Rules() {}

    static String arches(List<Arch> arches) {
        return arches.stream().map(Arch::kernelName).collect(Collectors.joining(", "));
    }

    /** {@code the rule at line 12} plus, for a conditional rule, {@code when a0 == 0x8}. */
    static String ruleAndConditions(ProfileView view, PlacedRule r) {
        return view.describeRule(r.source()) + (r.unconditional() ? "" : " when " + Conditions.describe(r.conditions()));
    }

    /** Whether the written rule behind a resolved one asks for capabilities (Docker's includes.caps). */
    static boolean needsCaps(ProfileView view, int resolvedIndex) {
        return view.dockerFormat()
                && !view.written().syscalls().get(view.writtenIndex(resolvedIndex)).includes().caps().isEmpty();
    }

    /**
     * For a Docker-format profile, why dockerd kept the written rule: the capabilities its
     * includes asks for, e.g. {@code (it needs CAP_SYS_ADMIN, which this container has)}; empty
     * when the rule has no capability condition.
     */
    static String dockerCapsNote(ProfileView view, int resolvedIndex) {
        if (!view.dockerFormat()) {
            return "";
        }
        SyscallRule written = view.written().syscalls().get(view.writtenIndex(resolvedIndex));
        List<String> caps = written.includes().caps();
        return caps.isEmpty() ? "" : " (kept by dockerd because the container has " + String.join(", ", caps) + ")";
    }
}
