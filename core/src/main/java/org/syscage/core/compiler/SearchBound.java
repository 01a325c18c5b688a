package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fewest comparisons of the syscall number that any program needs on average to tell the
 * numbers 0..n-1 apart by decision, when it compares the number only with constants
 * ({@code jeq}, {@code jge}, {@code jgt}): the floor to hold a number search against.
 *
 * <p>Why nothing does better. In any such program, a {@code jeq} on a number x can be moved
 * down past the range tests below it, to the end of the path x takes through them, without
 * making the program slower: x passes the range tests it used to skip, but every one of them has numbers on its
 * other side that no longer pass the {@code jeq}. After the move the program is a tree of
 * {@code jge}/{@code jgt} tests whose leaves are intervals, each ending in a chain of
 * {@code jeq} tests. In an interval with c numbers of the leaf's decision and m of others, all
 * its numbers execute the interval's range tests, the c numbers the m {@code jeq} tests too,
 * and the m numbers, taken aside one after another, 1, 2, ..., m of them. A dynamic program
 * over all intervals finds the least total; the leaf's decision is best taken as the
 * interval's most common one. That least total is also reached: the tree it describes is a
 * program.
 *
 * <p>Tests on single bits ({@code jset}) and masked numbers ({@code and}) are outside this
 * argument; they split the numbers into sets that are not intervals.
 */
public final class SearchBound {
    private SearchBound() {
    }

    /**
     * The bound, as mean comparisons per number, for numbers 0..n-1 whose decisions are
     * {@code decisions} (compared with {@code equals}; numbers whose decision depends on the
     * arguments count as one decision per distinct argument policy). O(n³) time, O(n²) memory.
     */
    public static double meanComparisons(List<?> decisions) {
        int n = decisions.size();
        if (n == 0) {
            return 0;
        }
        int[] kind = kinds(decisions);
        // total[i][j]: the least total comparisons for numbers i..j
        long[][] total = new long[n][n];
        long[][] leaf = leafCosts(kind);
        for (int len = 1; len <= n; len++) {
            for (int i = 0; i + len - 1 < n; i++) {
                int j = i + len - 1;
                long best = leaf[i][j];
                for (int m = i + 1; m <= j && best > 0; m++) {
                    // a split: every number of i..j executes it, then one side's search
                    best = Math.min(best, total[i][m - 1] + total[m][j] + len);
                }
                total[i][j] = best;
            }
        }
        return (double) total[0][n - 1] / n;
    }

    /**
     * What the code after the number search must tell apart for numbers 0..maxNumber of one
     * arch's dispatch: the action of a fixed policy (its reason does not reach the program), or
     * the argument tests. The list {@link #meanComparisons} takes.
     */
    public static List<Object> decisions(ArchDispatch dispatch, int maxNumber) {
        List<Object> out = new ArrayList<>(maxNumber + 1);
        for (int nr = 0; nr <= maxNumber; nr++) {
            SyscallPolicy p = dispatch.policy(nr);
            out.add(p instanceof SyscallPolicy.Fixed f ? (Object) f.action() : p);
        }
        return out;
    }

    /** Small integers for the decisions, equal where the decisions are equal. */
    private static int[] kinds(List<?> decisions) {
        Map<Object, Integer> ids = new HashMap<>();
        int[] kind = new int[decisions.size()];
        for (int i = 0; i < kind.length; i++) {
            kind[i] = ids.computeIfAbsent(decisions.get(i), d -> ids.size());
        }
        return kind;
    }

    /** leaf[i][j]: the cost of deciding i..j without a range test (most common decision kept). */
    private static long[][] leafCosts(int[] kind) {
        int n = kind.length;
        long[][] leaf = new long[n][n];
        int kinds = 0;
        for (int k : kind) {
            kinds = Math.max(kinds, k + 1);
        }
        for (int i = 0; i < n; i++) {
            int[] count = new int[kinds];
            int most = 0;
            for (int j = i; j < n; j++) {
                most = Math.max(most, ++count[kind[j]]);
                long others = j - i + 1 - most;
                leaf[i][j] = most * others + others * (others + 1) / 2;
            }
        }
        return leaf;
    }
}
