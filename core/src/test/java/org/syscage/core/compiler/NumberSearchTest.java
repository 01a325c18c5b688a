package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.syscage.core.bpf.Bpf;

/** The search from syscall number to run: what it decides, and the shapes it chooses. */
class NumberSearchTest {
    private final Ir ir = new Ir();
    private final Ir.Node allow = ir.ret(ActionValue.ALLOW);
    private final Ir.Node deny = ir.ret(ActionValue.errno(1));

    @Test
    void isolatedDenialsBetweenAllowedNumbersAreAChainOfJeq() {
        List<NumberSearch.Run> runs = List.of(new NumberSearch.Run(0, 99, allow), new NumberSearch.Run(100, 100, deny),
                new NumberSearch.Run(101, 199, allow), new NumberSearch.Run(200, 200, deny), new NumberSearch.Run(201, -1, allow));
        Ir.Node root = NumberSearch.build(ir, runs, new long[] {100, 1, 99, 1, 100});
        // jeq 100 / jeq 200, and every other number falls through to allow: no range test at all
        Ir.Jump first = (Ir.Jump) root;
        assertEquals(Bpf.BPF_JEQ, first.op());
        Ir.Jump second = (Ir.Jump) first.onFalse();
        assertEquals(Bpf.BPF_JEQ, second.op());
        assertSame(allow, second.onFalse());
        assertEquals(List.of(100, 200), List.of(first.k(), second.k()).stream().sorted().toList());
    }

    @Test
    void heavyRunsAreSplitByRangeWithTheFrequentSideFirstDecided() {
        // numbers 0..999 mostly denied, 1000..1999 allowed: one jge, both sides one return
        List<NumberSearch.Run> runs = List.of(new NumberSearch.Run(0, 999, deny), new NumberSearch.Run(1000, -1, allow));
        Ir.Jump root = (Ir.Jump) NumberSearch.build(ir, runs, new long[] {1000, 1000});
        assertEquals(Bpf.BPF_JGE, root.op());
        assertEquals(1000, root.k());
        assertSame(allow, root.onTrue());
        assertSame(deny, root.onFalse());
    }

    /** Random partitions of the numbers into runs of random codes and weights: every number reaches its run's code. */
    @Property(tries = 300)
    void everyNumberReachesTheCodeOfItsRun(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 6) Integer> lengths,
                                           @ForAll @Size(min = 40, max = 40) List<@IntRange(min = 0, max = 3) Integer> codes,
                                           @ForAll @Size(min = 40, max = 40) List<@IntRange(min = 1, max = 500) Integer> weights) {
        List<Ir.Node> leaves = List.of(allow, deny, ir.ret(ActionValue.errno(38)), ir.ret(ActionValue.KILL_PROCESS));
        List<NumberSearch.Run> runs = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < lengths.size(); i++) {
            Ir.Node code = leaves.get(codes.get(i));
            if (!runs.isEmpty() && runs.getLast().code() == code) {
                code = leaves.get((codes.get(i) + 1) % leaves.size()); // neighbouring runs differ
            }
            int last = i == lengths.size() - 1 ? -1 : first + lengths.get(i) - 1;
            runs.add(new NumberSearch.Run(first, last, code));
            first = last + 1;
        }
        long[] w = weights.subList(0, runs.size()).stream().mapToLong(Integer::longValue).toArray();
        Ir.Node root = NumberSearch.build(ir, runs, w);
        for (NumberSearch.Run r : runs) {
            long end = r.last() == -1 ? Integer.toUnsignedLong(r.first()) + 3 : r.last();
            for (long nr = r.first(); nr <= end; nr++) {
                assertSame(r.code(), decide(root, (int) nr), "number " + nr + " in " + runs);
            }
        }
        assertSame(runs.getLast().code(), decide(root, -1));
    }

    @Test
    void theSearchIsNeverLongerThanOneTestPerRunBoundary() {
        List<NumberSearch.Run> runs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            runs.add(new NumberSearch.Run(i * 10, i == 59 ? -1 : i * 10 + 9, i % 2 == 0 ? allow : deny));
        }
        long[] w = new long[60];
        java.util.Arrays.fill(w, 10);
        Ir.Node root = NumberSearch.build(ir, runs, w);
        assertTrue(comparisons(root, new java.util.HashSet<>()) <= 59);
    }

    @Test
    void manyRunsAreSearchedCorrectlyInQuadraticTime() {
        // 900 runs: above the exhaustive limit, splits come from Knuth's window
        List<NumberSearch.Run> runs = new ArrayList<>();
        Ir.Node[] codes = {allow, deny, ir.ret(ActionValue.errno(38))};
        long[] w = new long[900];
        int first = 0;
        for (int i = 0; i < 900; i++) {
            int last = i == 899 ? -1 : first + i % 3; // runs of 1, 2 and 3 numbers
            runs.add(new NumberSearch.Run(first, last, codes[i % 3]));
            w[i] = 1 + (i * 7919L) % 13;
            first = last + 1;
        }
        Ir.Node root = NumberSearch.build(ir, runs, w);
        for (NumberSearch.Run r : runs) {
            assertSame(r.code(), decide(root, r.first()), "first of " + r);
            assertSame(r.code(), decide(root, r.last()), "last of " + r);
        }
    }

    /** Follows the search's comparisons (unsigned, as the kernel compares) to a leaf. */
    private static Ir.Node decide(Ir.Node n, int nr) {
        while (n instanceof Ir.Jump j) {
            boolean taken = switch (j.op()) {
                case Bpf.BPF_JEQ -> nr == j.k();
                case Bpf.BPF_JGE -> Integer.compareUnsigned(nr, j.k()) >= 0;
                default -> throw new AssertionError("unexpected op " + j.op());
            };
            n = taken ? j.onTrue() : j.onFalse();
        }
        return n;
    }

    private static int comparisons(Ir.Node n, java.util.Set<Integer> seen) {
        if (!(n instanceof Ir.Jump j) || !seen.add(j.id())) {
            return 0;
        }
        return 1 + comparisons(j.onTrue(), seen) + comparisons(j.onFalse(), seen);
    }
}
