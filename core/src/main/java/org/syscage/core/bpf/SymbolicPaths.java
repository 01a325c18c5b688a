package org.syscage.core.bpf;

import java.util.ArrayList;
import java.util.List;

import org.syscage.core.bpf.Equivalence.Domain;
import org.syscage.core.bpf.Equivalence.Relation;

/**
 * Every path of a filter over a domain of inputs, with the values each word of seccomp_data can
 * take on it: the symbolic search {@link Equivalence} runs on, opened up for readers that want
 * the paths themselves (the decompiler turns them back into rules).
 *
 * <p>Each word of seccomp_data is narrowed independently of the others, so the inputs that take
 * a path are exactly the product of its sixteen word sets, and the paths of a program partition
 * its domain. A path that leaves the fragment the search decides exactly (arithmetic on input
 * words before a comparison or a {@code ret a}, two input words compared with each other,
 * division by such a value) is reported as {@link Outside} with the instruction where it left,
 * and the search goes on with the other paths.
 */
public final class SymbolicPaths {
    private SymbolicPaths() {
    }

    /** The number of 32-bit words in seccomp_data. */
    public static final int WORDS = SymbolicExplorer.WORDS;

    /** The search interpreted more instructions, or solved harder word constraints, than allowed. */
    public static final class TooComplex extends RuntimeException {
        TooComplex(String why) {
            super(why);
        }
    }

    /** An inclusive range of unsigned 32-bit values. */
    public record Range(long low, long high) {
    }

    /** {@code (word & mask) relation value}, unsigned. */
    public record MaskedTest(int mask, Relation relation, int value) {
        public boolean holds(int word) {
            return WordSet.holds(relation.ordinal(), word & mask, value);
        }
    }

    /**
     * The values one word may hold on a path: those in one of the {@link #ranges()} that pass
     * every one of the {@link #maskedTests()}. Never empty.
     */
    public static final class WordValues {
        private final WordSet set;

        WordValues(WordSet set) {
            this.set = set;
        }

        public boolean contains(int value) {
            return set.contains(value);
        }

        /** A member (the smallest unless the search kept an earlier one). */
        public int witness() {
            return set.witness();
        }

        /** Sorted, disjoint, inclusive (neighbouring ranges are not necessarily merged). */
        public List<Range> ranges() {
            long[] r = set.ranges();
            List<Range> out = new ArrayList<>(r.length / 2);
            for (int i = 0; i < r.length; i += 2) {
                out.add(new Range(r[i], r[i + 1]));
            }
            return out;
        }

        public List<MaskedTest> maskedTests() {
            List<MaskedTest> out = new ArrayList<>(set.maskedCount());
            for (int i = 0; i < set.maskedCount(); i++) {
                out.add(new MaskedTest(set.mask(i), Relation.values()[set.relation(i)], set.value(i)));
            }
            return out;
        }

        /** True when nothing narrows the word: every 32-bit value is possible. */
        public boolean isEverything() {
            long[] r = set.ranges();
            return set.maskedCount() == 0 && r.length == 2 && r[0] == 0 && r[1] == 0xffffffffL;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Range r : ranges()) {
                b.append(b.isEmpty() ? "" : " | ").append(r.low() == r.high()
                        ? String.format("0x%x", r.low()) : String.format("0x%x..0x%x", r.low(), r.high()));
            }
            for (MaskedTest t : maskedTests()) {
                b.append(String.format(" & (w&0x%x %s 0x%x)", t.mask(), t.relation(), t.value()));
            }
            return b.toString();
        }
    }

    /** One path: the word sets that lead along it. */
    public sealed interface Path permits Returned, Outside {
        /** The sixteen words of seccomp_data, in memory order. */
        List<WordValues> words();

        /** The input made of each word's witness. */
        default SeccompData witness(boolean littleEndian) {
            int[] w = new int[WORDS];
            for (int i = 0; i < WORDS; i++) {
                w[i] = words().get(i).witness();
            }
            return Equivalence.fromWords(w, littleEndian);
        }
    }

    /** A path that ends in a {@code ret} of a constant. */
    public record Returned(int value, List<WordValues> words) implements Path {
        public Returned {
            words = List.copyOf(words);
        }
    }

    /** A path that left the fragment at instruction {@code pc}, for the reason given. */
    public record Outside(int pc, String reason, List<WordValues> words) implements Path {
        public Outside {
            words = List.copyOf(words);
        }
    }

    /**
     * The paths of {@code program} over {@code domain}, in the order the search meets them. The
     * program must pass the verifier.
     *
     * @param stepBudget how many instructions the search may interpret in all
     * @throws TooComplex when the budget runs out or a word's constraints grow too intricate
     */
    public static List<Path> explore(BpfProgram program, Domain domain, long stepBudget) {
        List<Path> paths = new ArrayList<>();
        try {
            WordSet[] start = domain.wordSets();
            if (start == null) {
                return paths;
            }
            new SymbolicExplorer(program, new long[] {stepBudget}).explore(start, new SymbolicExplorer.Leaf() {
                @Override
                public boolean reached(int value, WordSet[] words) {
                    paths.add(new Returned(value, view(words)));
                    return true;
                }

                @Override
                public boolean outside(int pc, String why, WordSet[] words) {
                    paths.add(new Outside(pc, why, view(words)));
                    return true;
                }
            });
        } catch (SymbolicExplorer.Unsupported | WordSet.TooComplex e) {
            throw new TooComplex(e.getMessage());
        }
        return paths;
    }

    private static List<WordValues> view(WordSet[] words) {
        List<WordValues> out = new ArrayList<>(words.length);
        for (WordSet w : words) {
            out.add(new WordValues(w));
        }
        return out;
    }
}
