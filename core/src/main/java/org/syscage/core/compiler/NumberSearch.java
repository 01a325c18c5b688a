package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.syscage.core.bpf.Bpf;

/**
 * The search that takes a syscall number to the code of its run, built from two kinds of
 * comparison: {@code jge k} splits the numbers in two, {@code jeq k} takes one number aside.
 * A range of runs is decided by the cheapest of
 *
 * <ul>
 * <li>a {@code jge} split at the first number of one of its runs, then a search on each side;</li>
 * <li>a chain of {@code jeq} tests, one per number of each exception, falling through to the
 *     code of the rest — possible when every run of more than three numbers has the same code
 *     (a deny-list's isolated denials between runs of "allow": the allowed numbers fall
 *     through, no range test separates them);</li>
 * <li>a {@code jeq} on a single number at either end of the range, then a search on the rest.</li>
 * </ul>
 *
 * "Cheapest" is the weighted number of comparisons executed, each run weighted by how often it
 * is expected (the syscall numbers of the arch's table it covers), plus a price per instruction;
 * a dynamic program over all ranges of runs finds the best search. Ties go to the shorter program. Only comparisons of the
 * syscall number with constants are used, so every path without argument tests stays within
 * what the kernel's action cache can evaluate.
 */
final class NumberSearch {
    /** A run of syscall numbers [first, last] (unsigned) decided by one piece of code. */
    record Run(int first, int last, Ir.Node code) {
        boolean single() {
            return first == last;
        }
    }

    /** Longest run a chain takes aside with one {@code jeq} per number; longer ones need range tests. */
    private static final int MAX_EXCEPTION_NUMBERS = 3;
    /** Longest range of runs considered for a chain of {@code jeq}: longer chains never pay. */
    private static final int MAX_CHAIN_RUNS = 48;
    /** What the search weighs against the comparisons it executes: the instructions it takes. */
    enum Priority {
        /**
         * An instruction must save 1/16 of a comparison per syscall on average to be worth its
         * place: without this price a deny-list's search grows past libseccomp's plain chain of
         * tests for a gain of a few hundredths of an instruction.
         */
        SPEED(1, 16),
        /** Fewest instructions; comparisons executed only break ties. */
        SIZE(1 << 16, 1);

        private final long numerator;
        private final long denominator;

        Priority(long numerator, long denominator) {
            this.numerator = numerator;
            this.denominator = denominator;
        }

        /** The price of one instruction, given the total weight of the numbers searched. */
        long price(long totalWeight) {
            return totalWeight / denominator * numerator;
        }
    }
    /** Above this many runs only splits within Knuth's window are tried: O(n^2) instead of O(n^3). */
    private static final int EXHAUSTIVE_RUNS = 400;
    private static final int CHAIN = -1;
    private static final int PEEL_FIRST = -2;
    private static final int PEEL_LAST = -3;

    private final List<Run> runs;
    private final long[] weight;
    private final long[] prefix;
    /** The weighted comparisons an instruction of the search must save to be worth its place. */
    private final long sizePenalty;
    /** cost[i][j]: weighted comparisons (plus the price of its instructions) of the best search over runs i..j. */
    private final long[][] cost;
    /** size[i][j]: comparisons in that search (the tie-breaker). */
    private final int[][] size;
    /** how[i][j]: the first run of the right side of a jge split, or CHAIN / PEEL_FIRST / PEEL_LAST. */
    private final int[][] how;
    /** The best jge split of runs i..j, whether or not it won: bounds the splits tried on wider ranges. */
    private final int[][] bestSplit;

    private NumberSearch(List<Run> runs, long[] weight, Priority priority) {
        this.runs = runs;
        this.weight = weight;
        int n = runs.size();
        prefix = new long[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + weight[i];
        }
        sizePenalty = priority.price(prefix[n]);
        cost = new long[n][n];
        size = new int[n][n];
        how = new int[n][n];
        bestSplit = new int[n][n];
        for (int i = 0; i < n; i++) {
            bestSplit[i][i] = i;
        }
    }

    /** The search over {@code runs} (sorted, covering all numbers), each weighted by {@code weight}. */
    static Ir.Node build(Ir ir, List<Run> runs, long[] weight) {
        return build(ir, runs, weight, Priority.SPEED);
    }

    /** The same, weighing program size as {@code priority} says. */
    static Ir.Node build(Ir ir, List<Run> runs, long[] weight, Priority priority) {
        NumberSearch s = new NumberSearch(runs, weight, priority);
        s.solve();
        return s.emit(ir, 0, runs.size() - 1);
    }

    private long weightOf(int i, int j) {
        return prefix[j + 1] - prefix[i];
    }

    private void solve() {
        int n = runs.size();
        for (int len = 2; len <= n; len++) {
            for (int i = 0; i + len - 1 < n; i++) {
                int j = i + len - 1;
                long best = Long.MAX_VALUE;
                int bestSize = Integer.MAX_VALUE;
                int choice = 0;
                int from = i + 1;
                int to = j;
                if (n > EXHAUSTIVE_RUNS && len > 2) {
                    // Knuth's window: exact for plain alphabetic trees, a close heuristic here
                    from = Math.max(from, bestSplit[i][j - 1]);
                    to = Math.min(to, Math.max(from, bestSplit[i + 1][j]));
                }
                for (int m = from; m <= to; m++) {
                    long c = cost[i][m - 1] + cost[m][j];
                    int s = size[i][m - 1] + size[m][j];
                    if (c < best || c == best && s < bestSize) {
                        best = c;
                        bestSize = s;
                        choice = m;
                    }
                }
                bestSplit[i][j] = choice;
                if (runs.get(i).single() && better(cost[i + 1][j], size[i + 1][j], best, bestSize)) {
                    best = cost[i + 1][j];
                    bestSize = size[i + 1][j];
                    choice = PEEL_FIRST;
                }
                if (runs.get(j).single() && better(cost[i][j - 1], size[i][j - 1], best, bestSize)) {
                    best = cost[i][j - 1];
                    bestSize = size[i][j - 1];
                    choice = PEEL_LAST;
                }
                // every number reaching this range executes its first comparison
                best += weightOf(i, j) + sizePenalty;
                bestSize += 1;
                if (len <= MAX_CHAIN_RUNS) {
                    Chain chain = chain(i, j);
                    if (chain != null && better(chain.cost(), chain.exceptions().size(), best, bestSize)) {
                        best = chain.cost();
                        bestSize = chain.exceptions().size();
                        choice = CHAIN;
                    }
                }
                cost[i][j] = best;
                size[i][j] = bestSize;
                how[i][j] = choice;
            }
        }
    }

    private static boolean better(long c, int s, long best, int bestSize) {
        return c < best || c == best && s < bestSize;
    }

    /** A chain of jeq tests on the exceptions (most frequent first), falling through to {@code rest}. */
    private record Chain(Ir.Node rest, List<Run> exceptions, long cost) {
    }

    /**
     * The chain that decides runs i..j, or null when a run too long to take aside number by number
     * differs from the rest. Each number of a short exception run gets a jeq of its own: an
     * allow-list's read and write (0 and 1) cost two tests in a chain, where bracketing them
     * would need range tests around every other run.
     */
    private Chain chain(int i, int j) {
        Ir.Node rest = null;
        for (int k = i; k <= j; k++) {
            Run r = runs.get(k);
            if (numbers(r) > MAX_EXCEPTION_NUMBERS) {
                if (rest != null && rest != r.code()) {
                    return null;
                }
                rest = r.code();
            }
        }
        if (rest == null) {
            rest = heaviestCode(i, j);
        }
        List<Run> exceptions = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        long restWeight = 0;
        for (int k = i; k <= j; k++) {
            Run r = runs.get(k);
            if (r.code() == rest) {
                restWeight += weight[k];
                continue;
            }
            int count = (int) numbers(r);
            for (int t = 0; t < count; t++) {
                exceptions.add(new Run(r.first() + t, r.first() + t, r.code()));
                weights.add(Math.max(1, weight[k] / count));
            }
        }
        Integer[] order = new Integer[exceptions.size()];
        for (int t = 0; t < order.length; t++) {
            order[t] = t;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer t) -> -weights.get(t)));
        long c = (restWeight + sizePenalty) * order.length;
        List<Run> tested = new ArrayList<>();
        for (int t = 0; t < order.length; t++) {
            c += (t + 1) * weights.get(order[t]);
            tested.add(exceptions.get(order[t]));
        }
        return new Chain(rest, tested, c);
    }

    /** How many syscall numbers a run covers (the last run may reach 2^32 - 1). */
    private static long numbers(Run r) {
        return Integer.toUnsignedLong(r.last()) - Integer.toUnsignedLong(r.first()) + 1;
    }

    /** Among runs of single numbers only: the code that covers the most weight. */
    private Ir.Node heaviestCode(int i, int j) {
        Ir.Node best = null;
        long bestWeight = -1;
        for (int k = i; k <= j; k++) {
            Ir.Node code = runs.get(k).code();
            long w = 0;
            for (int l = i; l <= j; l++) {
                if (runs.get(l).code() == code) {
                    w += weight[l];
                }
            }
            if (w > bestWeight) {
                best = code;
                bestWeight = w;
            }
        }
        return best;
    }

    private Ir.Node emit(Ir ir, int i, int j) {
        if (i == j) {
            return runs.get(i).code();
        }
        return switch (how[i][j]) {
            case CHAIN -> {
                Chain chain = chain(i, j);
                Ir.Node node = chain.rest();
                for (Run e : chain.exceptions().reversed()) {
                    node = ir.jump(Bpf.BPF_JEQ, e.first(), e.code(), node);
                }
                yield node;
            }
            case PEEL_FIRST -> ir.jump(Bpf.BPF_JEQ, runs.get(i).first(), runs.get(i).code(), emit(ir, i + 1, j));
            case PEEL_LAST -> ir.jump(Bpf.BPF_JEQ, runs.get(j).first(), runs.get(j).code(), emit(ir, i, j - 1));
            default -> {
                int m = how[i][j];
                yield ir.jump(Bpf.BPF_JGE, runs.get(m).first(), emit(ir, m, j), emit(ir, i, m - 1));
            }
        };
    }
}
