package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.List;

import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;

/**
 * Between argument value sets and the conditions a profile writes: which set a condition
 * admits (as libseccomp compiles it for an arch of the given width), and which conditions,
 * ORed, admit exactly a given set.
 */
final class Conditions {
    private Conditions() {
    }

    /**
     * The values of one argument that satisfy {@code c} on an arch whose arguments are
     * {@code width} bits wide. On 32-bit arches libseccomp compares the low word only and
     * drops the high word of the value (and of MASKED_EQ's mask), so {@code a0 >= 2^32} admits
     * every value there.
     */
    static ValueSet admitted(ArgCondition c, int width) {
        long max = ValueSet.widthMask(width);
        long v = c.value() & max;
        long v2 = c.valueTwo() & max;
        return switch (c.op()) {
            case EQ -> ValueSet.point(width, v);
            case NE -> ValueSet.point(width, v).complement();
            case LT -> v == 0 ? ValueSet.none(width) : ValueSet.range(width, 0, v - 1);
            case LE -> ValueSet.range(width, 0, v);
            case GT -> v == max ? ValueSet.none(width) : ValueSet.range(width, v + 1, max);
            case GE -> ValueSet.range(width, v, max);
            // libseccomp compares (arg & mask) with (value & mask): bits of the value outside the mask do not count.
            case MASKED_EQ -> ValueSet.cube(width, v, v2 & v);
        };
    }

    /**
     * Conditions on argument {@code index} whose union is exactly {@code set}, pairwise
     * disjoint; empty when the set is every value (no condition needed). Intervals that touch an
     * end become LE / GE, single values EQ, everything but one value NE; other intervals are
     * cut into aligned blocks, and sets that are no union of intervals into MASKED_EQ cubes.
     */
    static List<ArgCondition> covering(int index, ValueSet set) {
        return covering(index, set, false);
    }

    /**
     * Like {@link #covering(int, ValueSet)}; with {@code blocksOnly}, nothing but EQ and
     * MASKED_EQ (the form libseccomp 2.5.4 never miscompiles, see {@link RuleSynthesis}).
     */
    static List<ArgCondition> covering(int index, ValueSet set, boolean blocksOnly) {
        int width = set.width();
        long max = ValueSet.widthMask(width);
        ValueSet compact = set.compact();
        ValueSet missing = compact.complement().compact();
        if (missing.isEmpty()) {
            return List.of();
        }
        if (blocksOnly) {
            return blocks(index, compact.cubes(), max);
        }
        if (missing.cubes().size() == 1 && missing.cubes().getFirst().mask() == max) {
            return List.of(ArgCondition.of(index, Op.NE, missing.cubes().getFirst().value()));
        }
        List<ArgCondition> out = new ArrayList<>();
        List<ValueSet.Cube> others = new ArrayList<>();
        List<long[]> intervals = new ArrayList<>();
        for (ValueSet.Cube c : compact.cubes()) {
            if (c.isInterval(width)) {
                intervals.add(new long[] {c.low(), c.high(width)});
            } else {
                others.add(c);
            }
        }
        for (long[] r : mergeIntervals(intervals, max)) {
            long lo = r[0];
            long hi = r[1];
            if (lo == hi) {
                out.add(ArgCondition.of(index, Op.EQ, lo));
            } else if (lo == 0) {
                out.add(ArgCondition.of(index, Op.LE, hi));
            } else if (hi == max) {
                out.add(ArgCondition.of(index, Op.GE, lo));
            } else {
                for (ValueSet.Cube c : ValueSet.range(width, lo, hi).cubes()) {
                    out.add(cube(index, c, max));
                }
            }
        }
        out.addAll(blocks(index, others, max));
        out.sort(java.util.Comparator.comparing(Conditions::smallest, Long::compareUnsigned));
        return out;
    }

    /** Cubes as conditions: EQ for a single value or a handful of them, MASKED_EQ otherwise. */
    private static List<ArgCondition> blocks(int index, List<ValueSet.Cube> cubes, long max) {
        List<ArgCondition> out = new ArrayList<>();
        for (ValueSet.Cube c : cubes) {
            long free = ~c.mask() & max;
            if (Long.bitCount(free) <= FEW_FREE_BITS) {
                // A handful of values reads better as the values than as a mask.
                for (long sub = free; ; sub = (sub - 1) & free) {
                    out.add(ArgCondition.of(index, Op.EQ, c.value() | sub));
                    if (sub == 0) {
                        break;
                    }
                }
            } else {
                out.add(cube(index, c, max));
            }
        }
        out.sort(java.util.Comparator.comparing(Conditions::smallest, Long::compareUnsigned));
        return out;
    }

    /** The smallest value a condition admits, to list conditions in the order of the values. */
    private static long smallest(ArgCondition c) {
        return switch (c.op()) {
            case LE, LT, NE -> 0;
            case MASKED_EQ -> c.valueTwo();
            default -> c.value();
        };
    }

    /** Masked cubes with at most this many free bits are written as their 2^n values. */
    private static final int FEW_FREE_BITS = 2;

    private static ArgCondition cube(int index, ValueSet.Cube c, long max) {
        return c.mask() == max ? ArgCondition.of(index, Op.EQ, c.value()) : ArgCondition.maskedEq(index, c.mask(), c.value());
    }

    /** The one condition that admits exactly the cube: EQ when it fixes every bit, else MASKED_EQ. */
    static ArgCondition ofCube(int index, ValueSet.Cube c, int width) {
        return cube(index, c, ValueSet.widthMask(width));
    }

    private static List<long[]> mergeIntervals(List<long[]> intervals, long max) {
        intervals.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : intervals) {
            if (!out.isEmpty() && out.getLast()[1] != max && out.getLast()[1] + 1 == r[0]) {
                out.getLast()[1] = r[1];
            } else {
                out.add(r.clone());
            }
        }
        return out;
    }
}
