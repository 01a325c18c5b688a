package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.syscage.core.bpf.Bpf;

/** The floor for number searches that only compare: equal to the best program found by trying them all. */
class SearchBoundTest {
    @Test
    void oneDecisionNeedsNoComparison() {
        assertEquals(0.0, SearchBound.meanComparisons(Collections.nCopies(300, "allow")));
    }

    @Test
    void oneDenialAmongAllowedNumbersCostsOneJeqForEveryNumber() {
        List<String> d = new ArrayList<>(Collections.nCopies(100, "allow"));
        d.set(37, "deny");
        assertEquals(1.0, SearchBound.meanComparisons(d));
    }

    @Test
    void twoHalvesCostOneRangeTest() {
        List<String> d = new ArrayList<>(Collections.nCopies(50, "deny"));
        d.addAll(Collections.nCopies(50, "allow"));
        assertEquals(1.0, SearchBound.meanComparisons(d));
    }

    /**
     * Every decision vector of up to 7 numbers and 3 decisions: the bound equals the cheapest
     * program built from jeq and jge tests, found by trying every test on every subset.
     */
    @Test
    void equalsTheBestComparisonProgramOnEverySmallCase() {
        for (int n = 1; n <= 7; n++) {
            int[] d = new int[n];
            int vectors = (int) Math.pow(3, n);
            for (int v = 0; v < vectors; v++) {
                for (int i = 0, x = v; i < n; i++, x /= 3) {
                    d[i] = x % 3;
                }
                long best = bestProgram(d);
                double bound = SearchBound.meanComparisons(Arrays.stream(d).boxed().toList());
                assertEquals((double) best / n, bound, 1e-12, "decisions " + Arrays.toString(d));
            }
        }
    }

    /** syscage's number search never beats the floor (it may be above it: it also weighs program size). */
    @Property(tries = 200)
    void theCompilersSearchIsNeverCheaperThanTheFloor(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 12) Integer> lengths,
            @ForAll @Size(min = 30, max = 30) List<@IntRange(min = 0, max = 2) Integer> codes) {
        Ir ir = new Ir();
        List<Ir.Node> leaves = List.of(ir.ret(ActionValue.ALLOW), ir.ret(ActionValue.errno(1)), ir.ret(ActionValue.KILL_PROCESS));
        List<NumberSearch.Run> runs = new ArrayList<>();
        List<Integer> decisions = new ArrayList<>();
        for (int i = 0, first = 0; i < lengths.size(); i++) {
            int code = codes.get(i);
            if (!runs.isEmpty() && runs.getLast().code() == leaves.get(code)) {
                code = (code + 1) % leaves.size();
            }
            int last = first + lengths.get(i) - 1;
            runs.add(new NumberSearch.Run(first, i == lengths.size() - 1 ? -1 : last, leaves.get(code)));
            decisions.addAll(Collections.nCopies(lengths.get(i), code));
            first = last + 1;
        }
        long[] weights = lengths.stream().mapToLong(Integer::longValue).toArray();
        Ir.Node root = NumberSearch.build(ir, runs, weights);
        long total = 0;
        for (int nr = 0; nr < decisions.size(); nr++) {
            total += comparisons(root, nr);
        }
        double mean = (double) total / decisions.size();
        assertTrue(mean >= SearchBound.meanComparisons(decisions) - 1e-12, mean + " below the floor for " + decisions);
    }

    private static int comparisons(Ir.Node node, int nr) {
        int count = 0;
        while (node instanceof Ir.Jump j) {
            count++;
            boolean taken = j.op() == Bpf.BPF_JEQ ? nr == j.k() : Integer.compareUnsigned(nr, j.k()) >= 0;
            node = taken ? j.onTrue() : j.onFalse();
        }
        return count;
    }

    /** The cheapest total over all programs of jeq/jge tests, by exhaustive search over subsets. */
    private static long bestProgram(int[] d) {
        int n = d.length;
        long[] best = new long[1 << n];
        for (int set = 1; set < 1 << n; set++) {
            if (oneDecision(d, set)) {
                continue;
            }
            long b = Long.MAX_VALUE;
            for (int k = 0; k < n; k++) {
                int eq = set & (1 << k);
                int ge = set & ~((1 << k) - 1);
                for (int taken : new int[] {eq, ge}) {
                    int other = set & ~taken;
                    if (taken != 0 && other != 0) {
                        b = Math.min(b, Integer.bitCount(set) + best[taken] + best[other]);
                    }
                }
            }
            best[set] = b;
        }
        return best[(1 << n) - 1];
    }

    private static boolean oneDecision(int[] d, int set) {
        int first = Integer.numberOfTrailingZeros(set);
        for (int i = first; i < d.length; i++) {
            if ((set & (1 << i)) != 0 && d[i] != d[first]) {
                return false;
            }
        }
        return true;
    }
}
