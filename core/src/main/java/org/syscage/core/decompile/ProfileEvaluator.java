package org.syscage.core.decompile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.syscage.core.explain.Conditions.matchesAsRunc;

import org.syscage.core.arch.Arch;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.Multiplexed;
import org.syscage.core.syscalls.SyscallTable;

/**
 * What a profile decides for one concrete syscall of a listed arch, as runc and libseccomp make
 * a filter of it: rules whose action is the default's are dropped; a rule applies to the
 * syscall its name has on the arch and, on arches that multiplex socket and IPC calls, to
 * socketcall/ipc with argument 0 equal to the call; two conditions on one argument split a rule
 * into ORed rules; on 32-bit arches only the low 32 bits of arguments and values count.
 *
 * <p>This is deliberately a plain interpreter, independent of how the decompiler builds its
 * rules, so that it can check them. Conditions are evaluated by explain's
 * {@link org.syscage.core.explain.Conditions}, the one place that states libseccomp's comparisons.
 */
final class ProfileEvaluator {
    private ProfileEvaluator() {
    }

    /** The decision, or empty when rules with different decisions both match (order would matter). */
    static Optional<Decision> decide(Profile profile, Arch arch, int nr, long[] args) {
        Decision dflt = Decision.ofProfile(profile.defaultAction(), profile.defaultErrnoRet());
        SyscallTable table = SyscallTable.of(arch);
        Set<Decision> matched = new LinkedHashSet<>();
        for (SyscallRule rule : profile.syscalls()) {
            Decision d = Decision.ofProfile(rule.action(), rule.errnoRet());
            if (d.equals(dflt)) {
                continue;
            }
            for (String name : rule.names()) {
                OptionalInt direct = table.number(name);
                if (direct.isPresent() && direct.getAsInt() == nr && matchesAsRunc(arch, rule.args(), args)) {
                    matched.add(d);
                }
                Optional<Multiplexed> via = table.multiplexed(name);
                if (via.isPresent() && via.get().viaNumber() == nr) {
                    List<ArgCondition> conds = new java.util.ArrayList<>(
                            rule.args().stream().filter(c -> c.index() != 0).toList());
                    conds.add(ArgCondition.of(0, org.syscage.core.profile.Op.EQ, via.get().call()));
                    if (matchesAsRunc(arch, conds, args)) {
                        matched.add(d);
                    }
                }
            }
        }
        if (matched.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(matched.isEmpty() ? dflt : matched.iterator().next());
    }
}
