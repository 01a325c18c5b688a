package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.syscage.core.profile.ArgCondition;

/**
 * One rule for one syscall as the decompiler writes it: a decision when all conditions hold,
 * at most one condition per argument (so runc keeps them together as one libseccomp rule).
 */
record Rule(Decision decision, List<ArgCondition> conditions) {
    Rule {
        conditions = List.copyOf(conditions);
    }

    /**
     * The argument boxes where the rule applies once runc has handed it to libseccomp on an
     * arch of {@code width} bits: one box, or one per condition when two conditions name the
     * same argument (runc then adds each condition as a rule of its own, ORed).
     */
    List<Region> regions(int width) {
        Set<Integer> seen = new HashSet<>();
        boolean repeated = false;
        for (ArgCondition c : conditions) {
            repeated |= !seen.add(c.index());
        }
        if (!repeated) {
            Region r = Region.all(width);
            for (ArgCondition c : conditions) {
                r = r.with(c.index(), r.arg(c.index()).intersect(Conditions.admitted(c, width)));
            }
            return List.of(r);
        }
        List<Region> out = new ArrayList<>();
        for (ArgCondition c : conditions) {
            out.add(Region.all(width).with(c.index(), Conditions.admitted(c, width)));
        }
        return out;
    }
}
