package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.FilterModel;
import org.syscage.core.syscalls.SyscallTable;

/**
 * SC015: a name that exists on some architecture but on none of the filter's: the rule does
 * nothing for it on the machine the profile is linted for (arm-only or 32-bit-only names in an
 * x86_64 profile, say).
 */
record NotOnArch() implements LintRule {
    @Override public String id() { return "SC015"; }
    @Override public String name() { return "not-on-arch"; }
    @Override public Severity severity() { return Severity.INFO; }
    @Override public String summary() { return "A syscall name none of the filter's architectures has."; }
    @Override public String help() {
        return "Syscall names differ between architectures (mmap2 and the *32 calls exist on 32-bit ABIs only, "
                + "arch_prctl on x86 only, ...). A name that none of the filter's arches has adds nothing to the "
                + "filter; libseccomp ignores it. Fine in a profile shared between machines; otherwise remove it. "
                + "Lint with --arch for the machine the profile is meant for.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        Map<Integer, List<Integer>> byRule = new LinkedHashMap<>();
        for (FilterModel.AbsentName a : view.nativeFilter().absentNames()) {
            boolean elsewhere = SyscallTable.allNames().contains(a.name());
            boolean onSomeFilterArch = view.arches().stream().anyMatch(arch -> SyscallTable.of(arch).names().contains(a.name()));
            if (elsewhere && !onSomeFilterArch) {
                byRule.computeIfAbsent(a.source(), k -> new ArrayList<>()).add(a.nameIndex());
            }
        }
        List<Finding> out = new ArrayList<>();
        byRule.forEach((rule, indexes) -> {
            List<String> names = indexes.stream().map(j -> view.resolved().syscalls().get(rule).names().get(j))
                    .distinct().toList();
            String example = names.getFirst();
            List<String> has = Stream.of(Arch.values()).filter(a -> SyscallTable.of(a).names().contains(example))
                    .map(Arch::kernelName).limit(6).toList();
            out.add(finding(Severity.INFO, String.join(", ", names) + (names.size() == 1 ? " does" : " do")
                            + " not exist on " + Rules.arches(view.arches()) + " (" + example + " exists on "
                            + String.join(", ", has) + "...), so " + view.describeRule(rule)
                            + " does nothing for " + (names.size() == 1 ? "it" : "them") + " here.",
                    view.name(rule, indexes.getFirst()),
                    "remove " + (names.size() == 1 ? "it" : "them") + " unless the profile is shared with those arches",
                    names));
        });
        return out;
    }
}
