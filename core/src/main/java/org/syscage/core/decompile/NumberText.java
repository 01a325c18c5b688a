package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.syscage.core.profile.Action;

/** Syscall numbers in words, for findings: intervals, and what a familiar pattern looks like. */
final class NumberText {
    private NumberText() {
    }

    static String enosysHint(Decision d, ValueSet nrs) {
        if (d.action() == Action.ERRNO && d.data() == 38
                && nrs.contains(0xffffffffL) && nrs.contains(0x3fffffffL)) {
            return " (like runc's stub for syscalls newer than the profile: syscage compile --enosys-stub adds one)";
        }
        return "";
    }

    /** Unnamed numbers as intervals, named numbers inside them left out of the description. */
    static String describeNumbers(ValueSet nrs, Set<Integer> named) {
        ValueSet filled = nrs;
        for (int n : named) {
            filled = filled.union(ValueSet.point(32, Integer.toUnsignedLong(n)));
        }
        List<String> parts = new ArrayList<>();
        List<long[]> intervals = intervals(filled.compact());
        for (long[] r : intervals) {
            if (!nrs.intersects(ValueSet.range(32, r[0], r[1]))) {
                continue;
            }
            parts.add(r[0] == r[1] ? Long.toString(r[0]) : r[0] + ".." + r[1]);
            if (parts.size() == 8) {
                parts.add("...");
                break;
            }
        }
        return String.join(", ", parts);
    }

    private static List<long[]> intervals(ValueSet set) {
        List<long[]> raw = new ArrayList<>();
        for (ValueSet.Cube c : set.cubes()) {
            raw.add(new long[] {c.low(), c.high(32)}); // for a masked cube its hull: enough to describe
        }
        raw.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : raw) {
            if (!out.isEmpty() && out.getLast()[1] + 1 >= r[0]) {
                out.getLast()[1] = Math.max(out.getLast()[1], r[1]);
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
