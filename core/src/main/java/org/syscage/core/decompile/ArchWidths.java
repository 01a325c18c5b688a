package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;

/**
 * One rule set for a syscall that exists on 64-bit and 32-bit arches, when neither arch's own
 * rules fit the other.
 *
 * <p>libseccomp keeps only the low word of every value on a 32-bit arch, so one profile can
 * decide differently there: {@code a2 >= 2^32-1 || a2 == 0xdce9000000000001} is
 * {@code a2 >= 2^32-1} on a 64-bit arch (the second value is inside the first range) but
 * {@code a2 == 0xffffffff || a2 == 1} on a 32-bit one. The 64-bit arch's rules lose the second
 * test, which the 32-bit arch needs. So the 32-bit arch's rules are added, each lifted to 64 bits
 * by giving its values a high word under which the 64-bit arch already decides alike - a rule
 * that changes nothing there and restores what the 32-bit arch needs.
 */
final class ArchWidths {
    private ArchWidths() {
    }

    /** Rules that fit every function, or null when this way finds none. */
    static List<Rule> join(List<SyscallFunction> usable, Decision dflt, RuleSynthesis.Form form) {
        List<SyscallFunction> wide = usable.stream().filter(f -> f.width() == 64).toList();
        List<SyscallFunction> narrow = usable.stream().filter(f -> f.width() == 32).toList();
        if (wide.isEmpty() || narrow.isEmpty()) {
            return null;
        }
        List<Rule> base;
        List<Rule> extra;
        try {
            base = RuleSynthesis.rules(wide.getFirst().pieces(), dflt, 64, form);
            extra = RuleSynthesis.rules(narrow.getFirst().pieces(), dflt, 32, form);
        } catch (RuleSynthesis.TooManyRules e) {
            return null;
        }
        Set<Long> highs = highWords(wide, base);
        List<Rule> out = new ArrayList<>(base);
        for (Rule r : extra) {
            Rule lifted = lift(r, highs, wide);
            if (lifted == null) {
                return null;
            }
            out.add(lifted);
        }
        if (out.size() > RuleSynthesis.MAX_RULES) {
            return null;
        }
        for (SyscallFunction f : usable) {
            if (RuleSynthesis.mismatch(out, f.pieces(), dflt, f.width()).isPresent()) {
                return null;
            }
        }
        return out;
    }

    /** The 32-bit rule with one high word for all its values, the first under which every 64-bit arch agrees. */
    private static Rule lift(Rule r, Set<Long> highs, List<SyscallFunction> wide) {
        for (long h : highs) {
            List<ArgCondition> conds = new ArrayList<>();
            for (ArgCondition c : r.conditions()) {
                conds.add(lift(c, h));
            }
            Rule lifted = new Rule(r.decision(), conds);
            Region box = lifted.regions(64).getFirst();
            boolean agrees = wide.stream().allMatch(f -> box.coveredBy(f.pieces().stream()
                    .filter(p -> p.decision().equals(r.decision())).map(Piece::region).toList()));
            if (agrees) {
                return lifted;
            }
        }
        return null;
    }

    private static ArgCondition lift(ArgCondition c, long high) {
        long value = high << 32 | (c.value() & 0xffffffffL);
        return c.op() == Op.MASKED_EQ
                ? ArgCondition.maskedEq(c.index(), 0xffffffff00000000L | c.value(), high << 32 | (c.valueTwo() & 0xffffffffL))
                : ArgCondition.of(c.index(), c.op(), value);
    }

    /** High words worth trying: 0, all ones, and those the 64-bit arch's paths and rules fix. */
    private static Set<Long> highWords(List<SyscallFunction> wide, List<Rule> base) {
        Set<Long> out = new LinkedHashSet<>(List.of(0L, 0xffffffffL));
        for (Rule r : base) {
            for (ArgCondition c : r.conditions()) {
                out.add(c.value() >>> 32);
            }
        }
        for (SyscallFunction f : wide) {
            for (Piece p : f.pieces()) {
                for (int i = 0; i < Region.ARGS; i++) {
                    for (ValueSet.Cube cube : p.region().arg(i).cubes()) {
                        if ((cube.mask() >>> 32) == 0xffffffffL) {
                            out.add(cube.value() >>> 32);
                        }
                    }
                }
            }
        }
        return out;
    }
}
