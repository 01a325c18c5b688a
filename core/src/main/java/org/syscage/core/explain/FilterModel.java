package org.syscage.core.explain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.Multiplexed;
import org.syscage.core.syscalls.SyscallTable;

/**
 * A plain (OCI) profile as runc and libseccomp turn it into one arch's part of a filter, kept at
 * the level of rules so that every answer can name the rule that gave it. runc's steps
 * (docs/libseccomp-oracle.md) are followed in order: rules whose verdict equals the default
 * action are dropped, repeated argument indexes split a rule into ORed parts, each name is looked
 * up on the arch (names the arch lacks are left out of its part), and on arches that multiplex
 * socket and SysV IPC calls a rule on such a name also becomes a rule on socketcall/ipc whose
 * argument-0 condition is {@code a0 == call}.
 *
 * <p>This is the rule-level reading used by {@code explain} and {@code lint}. The compiler
 * (org.syscage.core.compiler, libseccomp's database algorithm in full) is the reference for the
 * final decision; answers here that depend on how libseccomp merges overlapping argument rules
 * with different verdicts are marked as not exact (see {@link SyscallRules}).
 */
public final class FilterModel {
    private final Arch arch;
    private final Verdict defaultVerdict;
    private final Map<String, SyscallRules> bySyscall;
    private final List<AbsentName> absent;
    private final OptionalInt largestNamed;
    private final boolean enosysStub;

    /** A name of the profile that this arch does not have, so runc adds no rule for it here. */
    public record AbsentName(int source, int nameIndex, String name) {}

    private FilterModel(Arch arch, Verdict defaultVerdict, Map<String, SyscallRules> bySyscall,
                        List<AbsentName> absent, OptionalInt largestNamed, boolean enosysStub) {
        this.arch = arch;
        this.defaultVerdict = defaultVerdict;
        this.bySyscall = bySyscall;
        this.absent = absent;
        this.largestNamed = largestNamed;
        this.enosysStub = enosysStub;
    }

    /**
     * The model of {@code plain}'s filter part for {@code arch}.
     *
     * @throws IllegalArgumentException for a profile with Docker extensions (resolve it first)
     */
    public static FilterModel of(Profile plain, Arch arch) {
        if (plain.isDockerFormat()) {
            throw new IllegalArgumentException("a Docker-format profile must be resolved first");
        }
        SyscallTable table = SyscallTable.of(arch);
        Verdict defaultVerdict = Verdict.of(plain.defaultAction(), plain.defaultErrnoRet());
        Map<String, List<PlacedRule>> inOrder = new LinkedHashMap<>();
        List<AbsentName> absent = new ArrayList<>();
        int largest = -1;
        for (int i = 0; i < plain.syscalls().size(); i++) {
            SyscallRule rule = plain.syscalls().get(i);
            Verdict verdict = Verdict.of(rule.action(), rule.errnoRet());
            List<List<ArgCondition>> parts = Conditions.splitAsRunc(rule.args());
            boolean split = parts.size() > 1;
            for (int j = 0; j < rule.names().size(); j++) {
                String name = rule.names().get(j);
                OptionalInt direct = table.number(name);
                Optional<Multiplexed> via = table.multiplexed(name);
                if (direct.isEmpty() && via.isEmpty()) {
                    absent.add(new AbsentName(i, j, name));
                    continue;
                }
                if (direct.isPresent()) {
                    largest = Math.max(largest, direct.getAsInt());
                }
                for (int p = 0; p < parts.size(); p++) {
                    List<ArgCondition> part = parts.get(p);
                    int orPart = split ? p : -1;
                    if (direct.isPresent()) {
                        inOrder.computeIfAbsent(name, k -> new ArrayList<>()).add(new PlacedRule(i, j, name, verdict,
                                Conditions.keptOn(arch, part), orPart, null));
                    }
                    if (via.isPresent()) {
                        inOrder.computeIfAbsent(via.get().via(), k -> new ArrayList<>()).add(new PlacedRule(i, j, name,
                                verdict, Conditions.keptOn(arch, throughMultiplexer(part, via.get())), orPart, via.get()));
                    }
                }
            }
        }
        Map<String, SyscallRules> bySyscall = new LinkedHashMap<>();
        inOrder.forEach((syscall, rules) -> bySyscall.put(syscall, new SyscallRules(syscall, arch, defaultVerdict, rules)));
        return new FilterModel(arch, defaultVerdict, Collections.unmodifiableMap(bySyscall), List.copyOf(absent),
                largest < 0 ? OptionalInt.empty() : OptionalInt.of(largest), stubApplies(plain));
    }

    /** libseccomp's multiplexer rule: the argument-0 condition becomes {@code a0 == call}, the others stay. */
    private static List<ArgCondition> throughMultiplexer(List<ArgCondition> conditions, Multiplexed via) {
        List<ArgCondition> out = new ArrayList<>();
        out.add(ArgCondition.of(0, Op.EQ, via.call()));
        conditions.stream().filter(c -> c.index() != 0).forEach(out::add);
        return out;
    }

    /**
     * runc's ENOSYS stub (libcontainer/seccomp/patchbpf): added unless the default action lets
     * syscalls run (ALLOW, LOG, TRACE) or the profile already answers ENOSYS by default.
     */
    private static boolean stubApplies(Profile plain) {
        Action a = plain.defaultAction();
        if (a == Action.ALLOW || a == Action.LOG || a == Action.TRACE) {
            return false;
        }
        return plain.defaultErrnoRet() == null || plain.defaultErrnoRet() != Verdict.ENOSYS;
    }

    public Arch arch() {
        return arch;
    }

    /** The verdict of the profile's defaultAction. */
    public Verdict defaultVerdict() {
        return defaultVerdict;
    }

    /** The rules for one syscall as the kernel sees it on this arch ({@code socketcall}, not {@code socket}, on x86). */
    public Optional<SyscallRules> rules(String syscall) {
        return Optional.ofNullable(bySyscall.get(syscall));
    }

    /** Every syscall some rule reaches on this arch, in the order first named. */
    public Map<String, SyscallRules> all() {
        return bySyscall;
    }

    /** Names of the profile that this arch does not have. */
    public List<AbsentName> absentNames() {
        return absent;
    }

    /** The largest direct syscall number any rule names on this arch (what runc's stub compares with). */
    public OptionalInt largestNamedNumber() {
        return largestNamed;
    }

    /** Whether runc puts its ENOSYS stub in front of this filter. */
    public boolean enosysStub() {
        return enosysStub;
    }

    /**
     * The answer for {@code syscall} (a name this arch has) with these arguments: the rules, then
     * runc's ENOSYS stub for syscalls no rule names and newer than all that are named, then the
     * default action. A name reached only through a multiplexer is answered for its multiplexer
     * call (socketcall with {@code a0 == call}).
     *
     * @throws IllegalArgumentException when the arch has no such syscall
     */
    public Decision decide(String syscall, long[] args) {
        SyscallTable table = SyscallTable.of(arch);
        OptionalInt direct = table.number(syscall);
        if (direct.isEmpty()) {
            Multiplexed via = table.multiplexed(syscall).orElseThrow(() ->
                    new IllegalArgumentException(arch + " has no syscall " + syscall));
            // The kernel sees the multiplexer with the call number first; libseccomp's rules compare
            // the other arguments with the multiplexer's own (a1 is socketcall's pointer).
            long[] muxArgs = java.util.Arrays.copyOf(args, Math.max(1, args.length));
            muxArgs[0] = via.call();
            return rules(via.via()).map(r -> r.decide(muxArgs))
                    .orElseGet(() -> fallback(table.number(via.via()).getAsInt()));
        }
        return rules(syscall).map(r -> r.decide(args)).orElseGet(() -> fallback(direct.getAsInt()));
    }

    private Decision fallback(int number) {
        boolean stub = enosysStub && largestNamed.isPresent() && number > largestNamed.getAsInt();
        return stub
                ? new Decision(Verdict.errno(Verdict.ENOSYS), Decision.Cause.ENOSYS_STUB, Optional.empty(), true, List.of())
                : new Decision(defaultVerdict, Decision.Cause.DEFAULT, Optional.empty(), true, List.of());
    }
}
