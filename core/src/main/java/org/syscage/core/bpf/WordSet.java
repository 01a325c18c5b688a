package org.syscage.core.bpf;

import java.util.Arrays;

/**
 * A non-empty set of unsigned 32-bit values, described by the conditions a filter's path put on
 * one word of seccomp_data, with one member (the witness) always at hand.
 *
 * <p>Conditions have the form {@code (w & mask) REL k}. Those with the full mask are kept
 * exactly as a sorted list of disjoint ranges; the others (after {@code and #m}, or from
 * {@code jset}) are kept as a list and solved by a search over the bits from the top down that
 * abandons a prefix as soon as one condition is decided false. Every answer is exact; a search
 * that grows beyond a fixed budget throws {@link TooComplex} instead of guessing.
 */
final class WordSet {
    static final int EQ = 0;
    static final int NE = 1;
    static final int GT = 2;
    static final int GE = 3;
    static final int LT = 4;
    static final int LE = 5;

    private static final long MAX = 0xffffffffL;
    private static final int SEARCH_BUDGET = 1 << 20;

    /** Thrown when the bit search exceeds its budget. */
    static final class TooComplex extends RuntimeException {
        TooComplex() {
            super("word constraints too complex to solve within budget", null, false, false);
        }
    }

    /** Every 32-bit value. */
    static final WordSet ALL = new WordSet(new long[] {0, MAX}, new int[0], new int[0], new int[0], 0);

    /** Ranges as [lo0, hi0, lo1, hi1, ...], sorted, disjoint, inclusive, unsigned. */
    private final long[] ranges;
    private final int[] masks;
    private final int[] rels;
    private final int[] values;
    private final int witness;

    private WordSet(long[] ranges, int[] masks, int[] rels, int[] values, int witness) {
        this.ranges = ranges;
        this.masks = masks;
        this.rels = rels;
        this.values = values;
        this.witness = witness;
    }

    /** The full-mask part of the set: sorted disjoint inclusive ranges as [lo0, hi0, lo1, hi1, ...]. */
    long[] ranges() {
        return ranges.clone();
    }

    /** How many masked conditions {@code (w & mask(i)) relation(i) value(i)} narrow the ranges. */
    int maskedCount() {
        return masks.length;
    }

    int mask(int i) {
        return masks[i];
    }

    int relation(int i) {
        return rels[i];
    }

    int value(int i) {
        return values[i];
    }

    /** A member; the smallest one unless an earlier witness still fits. */
    int witness() {
        return witness;
    }

    static int negate(int rel) {
        return switch (rel) {
            case EQ -> NE;
            case NE -> EQ;
            case GT -> LE;
            case LE -> GT;
            case GE -> LT;
            case LT -> GE;
            default -> throw new IllegalArgumentException("relation " + rel);
        };
    }

    /** Whether {@code a REL b}, unsigned. */
    static boolean holds(int rel, int a, int b) {
        int c = Integer.compareUnsigned(a, b);
        return switch (rel) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            default -> throw new IllegalArgumentException("relation " + rel);
        };
    }

    boolean contains(int v) {
        long u = Integer.toUnsignedLong(v);
        boolean inRange = false;
        for (int i = 0; i < ranges.length; i += 2) {
            if (u >= ranges[i] && u <= ranges[i + 1]) {
                inRange = true;
                break;
            }
        }
        return inRange && satisfiesMasked(v);
    }

    private boolean satisfiesMasked(int v) {
        for (int i = 0; i < masks.length; i++) {
            if (!holds(rels[i], v & masks[i], values[i])) {
                return false;
            }
        }
        return true;
    }

    /** This set restricted to {@code (w & mask) REL k}, or null when nothing is left. */
    WordSet and(int mask, int rel, int k) {
        if (mask == 0) {
            return holds(rel, 0, k) ? this : null;
        }
        if (mask == -1) {
            long[] r = restrictRanges(rel, Integer.toUnsignedLong(k));
            if (r == null) {
                return null;
            }
            return withWitness(r, masks, rels, values);
        }
        int n = masks.length;
        int[] m = Arrays.copyOf(masks, n + 1);
        int[] rl = Arrays.copyOf(rels, n + 1);
        int[] v = Arrays.copyOf(values, n + 1);
        m[n] = mask;
        rl[n] = rel;
        v[n] = k;
        return withWitness(ranges, m, rl, v);
    }

    private WordSet withWitness(long[] r, int[] m, int[] rl, int[] v) {
        WordSet candidate = new WordSet(r, m, rl, v, witness);
        if (candidate.contains(witness)) {
            return candidate;
        }
        long found = candidate.solve();
        return found < 0 ? null : new WordSet(r, m, rl, v, (int) found);
    }

    private long[] restrictRanges(int rel, long k) {
        return switch (rel) {
            case EQ -> intersect(k, k);
            case NE -> removePoint(k);
            case GT -> k == MAX ? null : intersect(k + 1, MAX);
            case GE -> intersect(k, MAX);
            case LT -> k == 0 ? null : intersect(0, k - 1);
            case LE -> intersect(0, k);
            default -> throw new IllegalArgumentException("relation " + rel);
        };
    }

    private long[] intersect(long lo, long hi) {
        long[] out = new long[ranges.length];
        int n = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            long a = Math.max(lo, ranges[i]);
            long b = Math.min(hi, ranges[i + 1]);
            if (a <= b) {
                out[n++] = a;
                out[n++] = b;
            }
        }
        return n == 0 ? null : Arrays.copyOf(out, n);
    }

    private long[] removePoint(long p) {
        long[] out = new long[ranges.length + 2];
        int n = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            long a = ranges[i];
            long b = ranges[i + 1];
            if (p < a || p > b) {
                out[n++] = a;
                out[n++] = b;
                continue;
            }
            if (a < p) {
                out[n++] = a;
                out[n++] = p - 1;
            }
            if (p < b) {
                out[n++] = p + 1;
                out[n++] = b;
            }
        }
        return n == 0 ? null : Arrays.copyOf(out, n);
    }

    /** The smallest member, or -1 when the set is empty. */
    private long solve() {
        if (masks.length == 0) {
            return ranges.length == 0 ? -1 : ranges[0];
        }
        int[] budget = {SEARCH_BUDGET};
        byte[] state = new byte[masks.length];
        for (int i = 0; i < ranges.length; i += 2) {
            long found = search(31, 0, true, true, (int) ranges[i], (int) ranges[i + 1], state, budget);
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }

    // Per masked condition, how (w & mask) compares with k on the bits fixed so far.
    private static final byte SAME = 0;
    private static final byte BELOW = 1;
    private static final byte ABOVE = 2;

    /**
     * Fixes bit {@code bit} and below, smallest first. {@code tightLo}/{@code tightHi} say the
     * prefix still equals lo's/hi's, so the next bit is bounded by theirs.
     */
    private long search(int bit, int prefix, boolean tightLo, boolean tightHi, int lo, int hi,
                        byte[] state, int[] budget) {
        if (--budget[0] < 0) {
            throw new TooComplex();
        }
        boolean open = false;
        for (byte s : state) {
            if (s == SAME) {
                open = true;
                break;
            }
        }
        if (!open || bit < 0) {
            if (bit >= 0) {
                // Every condition is settled: complete with the smallest bits the bounds allow.
                int low = (int) ((1L << (bit + 1)) - 1);
                return Integer.toUnsignedLong(prefix | (tightLo ? lo & low : 0));
            }
            for (int i = 0; i < state.length; i++) {
                if (state[i] == SAME && !(rels[i] == EQ || rels[i] == GE || rels[i] == LE)) {
                    return -1;
                }
            }
            return Integer.toUnsignedLong(prefix);
        }
        int loBit = (lo >>> bit) & 1;
        int hiBit = (hi >>> bit) & 1;
        // When no open condition looks at this bit and no bound is tight, both values of the
        // bit lead to the same subproblem: trying 0 alone keeps the search linear in such bits.
        boolean choiceMatters = tightLo || tightHi;
        for (int i = 0; i < state.length && !choiceMatters; i++) {
            choiceMatters = state[i] == SAME && ((masks[i] >>> bit) & 1) == 1;
        }
        for (int b = 0; b <= (choiceMatters ? 1 : 0); b++) {
            if (tightLo && b < loBit || tightHi && b > hiBit) {
                continue;
            }
            byte[] next = state.clone();
            boolean possible = true;
            for (int i = 0; i < next.length && possible; i++) {
                if (next[i] != SAME) {
                    continue;
                }
                int mb = ((masks[i] >>> bit) & 1) == 1 ? b : 0;
                int kb = (values[i] >>> bit) & 1;
                if (mb != kb) {
                    next[i] = mb < kb ? BELOW : ABOVE;
                    possible = settledTrue(rels[i], next[i]);
                }
            }
            if (!possible) {
                continue;
            }
            long found = search(bit - 1, prefix | (b << bit), tightLo && b == loBit, tightHi && b == hiBit,
                    lo, hi, next, budget);
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }

    private static boolean settledTrue(int rel, byte s) {
        return switch (rel) {
            case EQ -> false;
            case NE -> true;
            case GT, GE -> s == ABOVE;
            case LT, LE -> s == BELOW;
            default -> throw new IllegalArgumentException("relation " + rel);
        };
    }
}
