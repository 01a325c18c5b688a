package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.Conditions;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.syscalls.CloneFlags;

/**
 * SC002: clone, clone3 or unshare is allowed with namespace flags, so the container can create
 * user (and then mount, network...) namespaces.
 */
record NamespaceCreation() implements LintRule {
    @Override public String id() { return "SC002"; }
    @Override public String name() { return "namespace-creation"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "clone, clone3 or unshare is allowed with namespace flags (CLONE_NEW*)."; }
    @Override public String help() {
        return "Creating namespaces, a user namespace above all, exposes kernel code (mounts, netfilter, ...) to "
                + "unprivileged processes and has been the first step of many container escapes. Docker allows "
                + "clone only when (flags & 0x7e020000) == 0 (no CLONE_NEW* flag) and answers clone3 with ENOSYS, "
                + "whose flags seccomp cannot see, so that libc falls back to clone. unshare and setns need "
                + "CAP_SYS_ADMIN there.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        for (String name : List.of("clone", "clone3", "unshare")) {
            long flags = name.equals("clone") ? CloneFlags.NAMESPACES : CloneFlags.NAMESPACES_WITH_TIME;
            PlacedRule first = null;
            List<Arch> on = new ArrayList<>();
            for (Arch arch : view.arches()) {
                Optional<PlacedRule> letting = Allowances.allowingRules(view.filter(arch), name).stream()
                        .filter(r -> name.equals("clone3")
                                || letsNamespaceFlags(r, CloneFlags.flagsIndex(name, arch), flags))
                        .findFirst();
                if (letting.isPresent()) {
                    on.add(arch);
                    first = first == null ? letting.get() : first;
                }
            }
            if (first == null) {
                continue;
            }
            String why = name.equals("clone3")
                    ? "its flags are in a struct in memory, which seccomp cannot read, so every flag is allowed"
                    : first.unconditional() ? "nothing limits its flags"
                    : "its conditions (" + Conditions.describe(first.conditions()) + ") let CLONE_NEW* flags through";
            String fix = switch (name) {
                case "clone" -> "allow clone only with {\"index\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\", \"value\": "
                        + CloneFlags.NAMESPACES + ", \"valueTwo\": 0} (index 1 on s390x), as Docker does";
                case "clone3" -> "answer clone3 with SCMP_ACT_ERRNO and errnoRet 38 (ENOSYS) so libc falls back to clone";
                default -> "remove unshare from " + view.describeRule(first.source()) + ", or allow it only with "
                        + "{\"index\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\", \"value\": " + flags + ", \"valueTwo\": 0}";
            };
            out.add(finding(Severity.WARNING, name + " can create namespaces on " + Rules.arches(on) + ": "
                            + view.describeRule(first.source()) + Rules.dockerCapsNote(view, first.source())
                            + " allows it and " + why + ".",
                    view.name(first.source(), first.nameIndex()), fix, List.of(name)));
        }
        return out;
    }

    /** Whether some flags value with a namespace bit satisfies the rule's condition on the flags argument. */
    static boolean letsNamespaceFlags(PlacedRule rule, int flagsIndex, long namespaceBits) {
        for (long bit = 1; bit != 0; bit <<= 1) {
            if ((namespaceBits & bit) != 0 && someValueWithBit(rule.conditions(), flagsIndex, bit)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a value with {@code bit} set satisfies every condition the rule has on the flags
     * argument (conditions on other arguments can always be met by some call). After runc's
     * split a rule tests an argument at most once, which makes each case exact.
     */
    private static boolean someValueWithBit(List<ArgCondition> conditions, int index, long bit) {
        for (ArgCondition c : conditions) {
            if (c.index() != index) {
                continue;
            }
            long v = c.value();
            boolean ok = switch (c.op()) {
                case EQ -> (v & bit) != 0;
                case NE, GE -> true;
                case GT -> v != -1L;
                case LT -> Long.compareUnsigned(v, bit) > 0;
                case LE -> Long.compareUnsigned(v, bit) >= 0;
                case MASKED_EQ -> (c.valueTwo() & ~v) == 0 && ((v & bit) == 0 || (c.valueTwo() & bit) != 0);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
