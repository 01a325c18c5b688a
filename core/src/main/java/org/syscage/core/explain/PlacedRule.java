package org.syscage.core.explain;

import java.util.List;
import java.util.Objects;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.Multiplexed;

/**
 * One rule as runc adds it to libseccomp for one syscall on one arch.
 *
 * @param source     index of the profile rule in {@code syscalls} (of the plain profile the model
 *                   was built from)
 * @param nameIndex  index of the name in that rule's {@code names}
 * @param name       the name as the profile wrote it (for a multiplexed rule, e.g. {@code socket},
 *                   while the kernel sees {@code socketcall})
 * @param verdict    the rule's action and value
 * @param conditions what libseccomp tests on this arch, all ANDed: after runc's split of repeated
 *                   indexes, the multiplexer's replacement of argument 0, and MASKED_EQ
 *                   conditions libseccomp drops
 * @param orPart     -1 when runc kept the rule's conditions together; otherwise the index of the
 *                   condition this rule was split from (runc ORs the parts)
 * @param via        how the rule reaches a multiplexer (socketcall/ipc), or null for a direct rule
 */
public record PlacedRule(int source, int nameIndex, String name, Verdict verdict, List<ArgCondition> conditions,
                         int orPart, Multiplexed via) {
    public PlacedRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        conditions = List.copyOf(conditions);
    }

    public boolean unconditional() {
        return conditions.isEmpty();
    }

    /** E.g. {@code ALLOW when a0 == 0x8} or {@code ERRNO(1) always}. */
    @Override
    public String toString() {
        return verdict + (conditions.isEmpty() ? " always" : " when " + Conditions.describe(conditions))
                + (via == null ? "" : " (" + name + " through " + via + ")");
    }
}
