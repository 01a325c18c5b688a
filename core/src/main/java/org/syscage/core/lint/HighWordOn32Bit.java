package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.Conditions;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;

/**
 * SC011: a condition's value needs more than 32 bits while the filter covers a 32-bit arch, where
 * libseccomp compares only the low 32 bits: the condition means something else there.
 */
record HighWordOn32Bit() implements LintRule {
    private static final long HIGH_WORD = 0xFFFF_FFFF_0000_0000L;

    @Override public String id() { return "SC011"; }
    @Override public String name() { return "high-word-on-32-bit"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A condition uses the high 32 bits, which 32-bit arches of the filter drop."; }
    @Override public String help() {
        return "On a 32-bit arch (x86, arm, ...) libseccomp compares only the low 32 bits of an argument with "
                + "the low 32 bits of the condition's value: 'a1 > 0x100000000' becomes 'a1 > 0' there, and a "
                + "MASKED_EQ whose mask has only high bits is dropped altogether. The 32-bit part of the filter "
                + "then decides differently from the 64-bit part. Use values that fit in 32 bits, or write "
                + "separate profiles per arch.";
    }

    /** A 64-bit value that is the sign extension of a negative 32-bit value means the same on 32-bit arches. */
    static boolean signExtended(long v) {
        return (v & HIGH_WORD) == HIGH_WORD && (v & 0x8000_0000L) != 0;
    }

    static boolean changesOn32Bit(ArgCondition c) {
        if (c.op() == Op.MASKED_EQ) {
            return ((c.value() & HIGH_WORD) != 0 && !signExtended(c.value()))
                    || ((c.valueTwo() & HIGH_WORD) != 0 && !signExtended(c.valueTwo()));
        }
        return (c.value() & HIGH_WORD) != 0 && !signExtended(c.value());
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Arch> narrow = view.arches().stream().filter(a -> !a.is64Bit()).toList();
        if (narrow.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < view.resolved().syscalls().size(); i++) {
            SyscallRule rule = view.resolved().syscalls().get(i);
            List<Arch> where = narrow.stream()
                    .filter(a -> rule.names().stream().anyMatch(SyscallTable.of(a).names()::contains))
                    .toList();
            if (where.isEmpty()) {
                continue;
            }
            for (int j = 0; j < rule.args().size(); j++) {
                ArgCondition c = rule.args().get(j);
                if (!changesOn32Bit(c)) {
                    continue;
                }
                ArgCondition low = new ArgCondition(c.index(), c.value() & 0xFFFF_FFFFL, c.valueTwo() & 0xFFFF_FFFFL, c.op());
                String there = c.op() == Op.MASKED_EQ && low.value() == 0 ? "is dropped (its mask has no low bits)"
                        : "becomes " + Conditions.describe(low);
                out.add(finding(Severity.WARNING, Conditions.describe(c) + " in " + view.describeRule(i) + " ("
                                + String.join(", ", rule.names()) + ") needs 64 bits; on " + Rules.arches(where)
                                + " libseccomp compares the low 32 bits only, so the condition " + there + ".",
                        view.arg(i, j),
                        "use a value that fits in 32 bits, or a separate profile for " + Rules.arches(where),
                        rule.names()));
            }
        }
        return out;
    }
}
