package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.Conditions;
import org.syscage.core.explain.FilterModel;
import org.syscage.core.explain.Placement;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.Multiplexed;
import org.syscage.core.syscalls.SyscallTable;

/**
 * SC012: on arches that reach socket and SysV IPC calls through socketcall(2)/ipc(2) (x86, s390,
 * ppc, mips o32...), argument conditions on those calls do not hold: libseccomp's rule on the
 * multiplexer replaces the argument-0 condition with {@code a0 == call} and compares the other
 * conditions with the multiplexer's own arguments; and an unconditional rule allowing the
 * multiplexer allows every call through it.
 */
record MultiplexerDoor() implements LintRule {
    @Override public String id() { return "SC012"; }
    @Override public String name() { return "multiplexer-door"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "socketcall/ipc let calls through that the rules for socket, ... restrict."; }
    @Override public String help() {
        return "On x86, s390, ppc and mips o32 a process can reach socket(), bind(), semop() ... through the "
                + "multiplexers socketcall(2) and ipc(2). The filter sees only the multiplexer and its first "
                + "argument, the call number; the real arguments are in memory. libseccomp therefore turns a rule "
                + "like 'socket when a0 != AF_VSOCK' into 'socketcall when a0 == SYS_SOCKET' (every family), and a "
                + "rule allowing socketcall allows every socket call. This is how AF_ALG and AF_VSOCK sockets "
                + "stay reachable from i386 programs under Docker's default profile. Deny socketcall (ERRNO 38, "
                + "ENOSYS, makes libc use the direct calls) or drop the 32-bit arch from the filter.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        for (Arch arch : view.arches()) {
            SyscallTable table = SyscallTable.of(arch);
            if (table.multiplexed("socket").isEmpty()) {
                continue;
            }
            FilterModel filter = view.filter(arch);
            for (String via : List.of(Multiplexed.SOCKETCALL, Multiplexed.IPC)) {
                Optional<SyscallRules> rules = filter.rules(via);
                Optional<PlacedRule> open = rules.flatMap(SyscallRules::unconditional).filter(u -> u.verdict().allows());
                if (open.isPresent()) {
                    reportOpenMultiplexer(view, arch, table, via, open.get()).ifPresent(out::add);
                } else {
                    rules.ifPresent(r -> reportRewrittenConditions(view, arch, r, out));
                }
            }
        }
        return out;
    }

    /** The multiplexer is allowed whatever its arguments, while the profile restricts some of its calls. */
    private Optional<Finding> reportOpenMultiplexer(ProfileView view, Arch arch, SyscallTable table, String via,
                                                    PlacedRule open) {
        FilterModel filter = view.filter(arch);
        List<String> restricted = new ArrayList<>();
        for (String name : table.names()) {
            boolean multiplexedHere = table.multiplexed(name).map(m -> m.via().equals(via)).orElse(false);
            if (multiplexedHere && !freelyAllowed(filter, table, via, name)
                    && (filter.rules(name).isPresent() || mentioned(filter, via, name) || !filter.defaultVerdict().allows())) {
                restricted.add(name);
            }
        }
        if (restricted.isEmpty()) {
            return Optional.empty();
        }
        String what = restricted.size() > 4 ? restricted.size() + " calls (" + String.join(", ", restricted.subList(0, 4))
                + ", ...)" : String.join(", ", restricted);
        return Optional.of(finding(Severity.WARNING, via + " is allowed whatever its arguments on " + arch.kernelName()
                        + " by " + view.describeRule(open.source()) + ", so " + what + " can be called through it "
                        + "with any arguments, although the profile does not allow "
                        + (restricted.size() == 1 ? "it" : "them") + " that freely.",
                view.name(open.source(), open.nameIndex()),
                "deny " + via + " with SCMP_ACT_ERRNO and errnoRet 38 (ENOSYS; libc then uses the direct calls), or "
                        + "remove " + arch.ociName() + " from architectures",
                restricted));
    }

    /**
     * Whether a rule allows {@code name} whatever its arguments: its direct rule where the arch
     * has a direct number, else the multiplexer rule made from a rule without conditions
     * (whose only condition is libseccomp's {@code a0 == call}).
     */
    private static boolean freelyAllowed(FilterModel filter, SyscallTable table, String via, String name) {
        if (table.number(name).isPresent()) {
            return Allowances.unconditional(filter, name).map(u -> u.verdict().allows()).orElse(false);
        }
        return filter.rules(via).map(r -> r.placements().stream().anyMatch(p -> name.equals(p.rule().name())
                && p.rule().via() != null && p.rule().conditions().size() == 1 && p.rule().verdict().allows()))
                .orElse(false);
    }

    /** Whether some rule names {@code name} and reaches the multiplexer from it. */
    private static boolean mentioned(FilterModel filter, String via, String name) {
        return filter.rules(via).map(r -> r.placements().stream().anyMatch(p -> name.equals(p.rule().name())))
                .orElse(false);
    }

    /** Active rules that reach the multiplexer from a call with argument conditions. */
    private void reportRewrittenConditions(ProfileView view, Arch arch, SyscallRules rules, List<Finding> out) {
        Set<Integer> reported = new HashSet<>();
        for (Placement p : rules.placements()) {
            PlacedRule r = p.rule();
            if (r.via() == null || p.fate() != Placement.Fate.ACTIVE || !reported.add(r.source())) {
                continue;
            }
            SyscallRule written = view.resolved().syscalls().get(r.source());
            if (written.args().isEmpty()) {
                continue;
            }
            boolean allows = r.verdict().allows();
            String through = r.via().via() + " with " + Conditions.describe(r.conditions());
            out.add(finding(allows ? Severity.WARNING : Severity.INFO,
                    "on " + arch.kernelName() + ", " + r.name() + " is also reached through " + r.via().via()
                            + ", and libseccomp turns the rule's conditions (" + Conditions.describe(written.args())
                            + ") into " + through + ": " + (allows
                            ? "through " + r.via().via() + " the call is allowed whatever its real arguments."
                            : "through " + r.via().via() + " the call is denied whatever its real arguments."),
                    view.name(r.source(), r.nameIndex()),
                    allows ? "deny " + r.via().via() + " (ERRNO 38) so that libc uses the direct " + r.name()
                            + " call, or remove " + arch.ociName() + " from architectures"
                            : "nothing to change if denying every " + r.name() + " through " + r.via().via() + " is intended",
                    List.of(r.name())));
        }
    }
}
