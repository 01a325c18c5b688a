package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.FilterModel;
import org.syscage.core.explain.Placement;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;
import org.syscage.core.syscalls.SyscallTable;

/**
 * SC004: a deny-list profile that covers a compat arch (x86 or x32 next to x86_64, arm next to
 * aarch64...) denies a syscall by its native name while the compat arch reaches the same
 * operation under another name (setuid32, fstatat64, mmap2...), which stays allowed.
 *
 * <p>Why only deny-lists: an allow-list lets through on each arch exactly the names it lists, so
 * a name missing on a compat arch is simply denied there. And why only arches the filter lists:
 * libseccomp gives a syscall of an arch the filter does not list (an i386 or x32 call under an
 * x86_64-only filter; x32 shares x86_64's AUDIT_ARCH, but its numbers carry bit 30 and
 * libseccomp checks them) the bad-arch action, KILL under runc: that door is closed.
 */
record CompatArchDoor() implements LintRule {
    /** Native names and the names 32-bit ABIs use for the same operation, beyond the regular suffixes. */
    private static final Map<String, List<String>> RENAMED = Map.ofEntries(
            Map.entry("mmap", List.of("mmap2")),
            Map.entry("newfstatat", List.of("fstatat64")),
            Map.entry("getrlimit", List.of("ugetrlimit")),
            Map.entry("select", List.of("_newselect")),
            Map.entry("lseek", List.of("_llseek")),
            Map.entry("fadvise64", List.of("fadvise64_64", "arm_fadvise64_64")),
            Map.entry("sync_file_range", List.of("sync_file_range2", "arm_sync_file_range")),
            Map.entry("wait4", List.of("waitpid")));

    @Override public String id() { return "SC004"; }
    @Override public String name() { return "compat-arch-door"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A deny-list denies a syscall by a name a listed compat arch reaches under another name."; }
    @Override public String help() {
        return "A filter that lists x86 or x32 next to x86_64 (or arm next to aarch64) filters those ABIs too, "
                + "each with its own syscall names. A deny rule for setuid does not deny setuid32 on x86, one for "
                + "newfstatat does not deny fstatat64, one for mmap does not deny mmap2. Deny the compat names too, "
                + "or drop the compat arch from architectures (libseccomp then kills its syscalls as a bad arch).";
    }

    /** Names a 32-bit or compat ABI may use for {@code name}'s operation. */
    static Set<String> alternatives(String name) {
        Set<String> alt = new LinkedHashSet<>(List.of(name + "32", name + "64", name + "_time64", name + "64_64"));
        alt.addAll(RENAMED.getOrDefault(name, List.of()));
        alt.remove(name);
        return alt;
    }

    @Override
    public List<Finding> check(ProfileView view) {
        FilterModel nativeFilter = view.nativeFilter();
        if (!nativeFilter.defaultVerdict().allows()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (Arch compat : view.arches()) {
            if (compat == view.nativeArch()) {
                continue;
            }
            FilterModel filter = view.filter(compat);
            SyscallTable table = SyscallTable.of(compat);
            for (SyscallRules rules : nativeFilter.all().values()) {
                PlacedRule deny = rules.placements().stream()
                        .filter(p -> p.fate() == Placement.Fate.ACTIVE && p.rule().verdict().denies() && p.rule().via() == null)
                        .map(Placement::rule).findFirst().orElse(null);
                if (deny == null) {
                    continue;
                }
                List<String> open = alternatives(deny.name()).stream()
                        .filter(alt -> table.names().contains(alt))
                        .filter(alt -> !Allowances.alwaysDenied(filter, alt))
                        .toList();
                if (open.isEmpty()) {
                    continue;
                }
                out.add(finding(Severity.WARNING, view.describeRule(deny.source()) + " denies " + deny.name()
                                + ", but the filter also covers " + compat.kernelName() + ", where "
                                + String.join(" and ", open) + (open.size() == 1 ? " does" : " do")
                                + " the same and " + (open.size() == 1 ? "is" : "are") + " allowed by the default action.",
                        view.name(deny.source(), deny.nameIndex()),
                        "add " + String.join(", ", open) + " to " + view.describeRule(deny.source())
                                + ", or remove " + compat.ociName() + " from architectures if " + compat.kernelName()
                                + " programs need not run",
                        List.of(deny.name())));
            }
        }
        return out;
    }
}
