package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.syscage.core.bpf.Equivalence.Relation;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;

/**
 * Value sets and the conditions written from them, checked against brute force on 8-bit values
 * (every operation is width-generic, so 256 values cover all the cases of the bit logic), and
 * at the ends of the 64-bit range.
 */
class ValueSetPropertiesTest {
    static final int W = 8;
    static final int SIZE = 1 << W;

    /** A set built the ways the decompiler builds them: ranges, masked tests, and their combinations. */
    @Provide
    Arbitrary<ValueSet> sets() {
        Arbitrary<Integer> v = Arbitraries.integers().between(0, SIZE - 1);
        Arbitrary<ValueSet> range = Combinators.combine(v, v).as((a, b) -> ValueSet.range(W, Math.min(a, b), Math.max(a, b)));
        Arbitrary<ValueSet> masked = Combinators.combine(v, Arbitraries.of(Relation.values()), v)
                .as((m, rel, k) -> ValueSet.masked(W, m, rel, k));
        Arbitrary<ValueSet> simple = Arbitraries.oneOf(range, masked, v.map(x -> ValueSet.point(W, x)));
        return Combinators.combine(simple, simple, Arbitraries.integers().between(0, 3)).as((a, b, op) -> switch (op) {
            case 0 -> a.intersect(b);
            case 1 -> a.union(b);
            case 2 -> a.minus(b);
            default -> a;
        });
    }

    static boolean[] members(ValueSet s) {
        boolean[] in = new boolean[SIZE];
        for (int x = 0; x < SIZE; x++) {
            in[x] = s.contains(x);
        }
        return in;
    }

    static boolean holds(Relation rel, int a, int b) {
        return switch (rel) {
            case EQ -> a == b;
            case NE -> a != b;
            case GT -> a > b;
            case GE -> a >= b;
            case LT -> a < b;
            case LE -> a <= b;
        };
    }

    @Property
    void maskedTestsHoldExactlyForTheirMembers(@ForAll("bytes") int mask, @ForAll Relation rel, @ForAll("bytes") int k) {
        ValueSet s = ValueSet.masked(W, mask, rel, k);
        for (int x = 0; x < SIZE; x++) {
            assertEquals(holds(rel, x & mask, k), s.contains(x), "x=" + x);
        }
    }

    @Property
    void rangesHoldExactlyTheirMembers(@ForAll("bytes") int a, @ForAll("bytes") int b) {
        ValueSet s = ValueSet.range(W, a, b);
        for (int x = 0; x < SIZE; x++) {
            assertEquals(a <= x && x <= b, s.contains(x));
        }
    }

    @Property
    void setOperationsAgreeWithBruteForce(@ForAll("sets") ValueSet a, @ForAll("sets") ValueSet b) {
        boolean[] x = members(a);
        boolean[] y = members(b);
        boolean[] and = members(a.intersect(b));
        boolean[] or = members(a.union(b));
        boolean[] minus = members(a.minus(b));
        boolean[] not = members(a.complement());
        boolean[] compact = members(a.compact());
        for (int i = 0; i < SIZE; i++) {
            assertEquals(x[i] && y[i], and[i]);
            assertEquals(x[i] || y[i], or[i]);
            assertEquals(x[i] && !y[i], minus[i]);
            assertEquals(!x[i], not[i]);
            assertEquals(x[i], compact[i]);
        }
        assertEquals(a.intersects(b), a.intersect(b).cubes().stream().findAny().isPresent());
        assertEquals(!a.minus(b).isEmpty() || !b.minus(a).isEmpty(), !a.sameAs(b));
    }

    @Property
    void cubesStayDisjoint(@ForAll("sets") ValueSet a) {
        int count = 0;
        for (ValueSet.Cube c : a.cubes()) {
            for (int x = 0; x < SIZE; x++) {
                count += c.contains(x) ? 1 : 0;
            }
        }
        int members = 0;
        for (boolean m : members(a)) {
            members += m ? 1 : 0;
        }
        assertEquals(members, count, "a value in two cubes: " + a);
    }

    /** The conditions written for a set admit exactly the set, and no value twice. */
    @Property
    void conditionsCoverExactlyTheSetWithoutOverlap(@ForAll("sets") ValueSet set) {
        List<ArgCondition> conds = Conditions.covering(2, set);
        if (set.isAll()) {
            assertTrue(conds.isEmpty());
            return;
        }
        for (int x = 0; x < SIZE; x++) {
            int admitting = 0;
            for (ArgCondition c : conds) {
                admitting += Conditions.admitted(c, W).contains(x) ? 1 : 0;
                assertEquals(2, c.index());
            }
            assertEquals(set.contains(x) ? 1 : 0, admitting, "value " + x + " of " + set + " by " + conds);
        }
    }

    @Provide
    Arbitrary<Integer> bytes() {
        return Arbitraries.integers().between(0, SIZE - 1);
    }

    @Test
    void intervalsTouchingAnEndBecomeComparisons() {
        assertEquals(List.of(ArgCondition.of(0, Op.LE, 2)), Conditions.covering(0, ValueSet.range(64, 0, 2)));
        assertEquals(List.of(ArgCondition.of(0, Op.GE, 1000)), Conditions.covering(0, ValueSet.range(64, 1000, -1L)));
        assertEquals(List.of(ArgCondition.of(0, Op.NE, 40)), Conditions.covering(0, ValueSet.point(64, 40).complement()));
        assertEquals(List.of(ArgCondition.of(1, Op.EQ, 0x1_0000_0002L)),
                Conditions.covering(1, ValueSet.point(64, 0x1_0000_0002L)));
        // Docker's "socket unless AF_ALG (38) or AF_VSOCK (40)"
        assertEquals(List.of(ArgCondition.of(0, Op.LE, 37), ArgCondition.of(0, Op.EQ, 39), ArgCondition.of(0, Op.GE, 41)),
                Conditions.covering(0, ValueSet.point(64, 38).union(ValueSet.point(64, 40)).complement()));
    }

    @Test
    void aLowWordTestWithTheHighWordFreeBecomesAMask() {
        ValueSet lowIsTwo = ValueSet.ofWords(ValueSet.all(32), ValueSet.point(32, 2));
        assertEquals(List.of(ArgCondition.maskedEq(0, 0xffffffffL, 2)), Conditions.covering(0, lowIsTwo));
        ValueSet noExec = ValueSet.masked(64, 4, Relation.EQ, 0);
        assertEquals(List.of(ArgCondition.maskedEq(2, 4, 0)), Conditions.covering(2, noExec));
    }

    @Test
    void aFewValuesUnderAMaskAreListed() {
        // personality(2) in Docker's default: 0, 8, 0x20000, 0x20008 compact into one cube
        ValueSet four = ValueSet.point(64, 0).union(ValueSet.point(64, 8)).union(ValueSet.point(64, 0x20000))
                .union(ValueSet.point(64, 0x20008));
        assertEquals(List.of(ArgCondition.of(0, Op.EQ, 0), ArgCondition.of(0, Op.EQ, 8), ArgCondition.of(0, Op.EQ, 0x20000),
                ArgCondition.of(0, Op.EQ, 0x20008)), Conditions.covering(0, four));
    }

    @Test
    void libseccompTruncatesValuesOnThirtyTwoBitArches() {
        // a0 >= 2^32 admits everything where only the low word is compared
        assertTrue(Conditions.admitted(ArgCondition.of(0, Op.GE, 1L << 32), 32).isAll());
        assertFalse(Conditions.admitted(ArgCondition.of(0, Op.GE, 1L << 32), 64).contains(0xffffffffL));
        assertTrue(Conditions.admitted(ArgCondition.maskedEq(0, 0xff00000000000001L, 1), 32)
                .sameAs(ValueSet.masked(32, 1, Relation.EQ, 1)));
    }
}
