package org.syscage.core.bpf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.syscage.core.arch.Arch;

/**
 * Do two filters return the same value for every input? If not, an input on which they differ.
 *
 * <h2>How</h2>
 * Both programs are run on symbolic input ({@link SymbolicExplorer}): the 16 words of
 * seccomp_data are sets of possible values, narrowed at each comparison. Each path of the first
 * program that reaches a {@code ret} becomes the starting point for exploring the second under
 * the same narrowed sets, so the pairs of paths explored are exactly the non-empty cells of the
 * common partition of the input space. Whenever the two {@code ret} values of a pair differ, the
 * smallest input in that cell is built, both programs are run on it concretely, and that input
 * is the counterexample.
 *
 * <h2>Exactness</h2>
 * The symbolic search is a proof, not a sample ({@link Verdict#exhaustive()} is true), for every
 * program that compares input words only with constants, directly or after {@code and #k},
 * through A or X, with any mix of jumps, scratch memory and constant arithmetic - which covers
 * the filters libseccomp and syscage generate. Return values are compared whole, action and
 * data (ERRNO(1) differs from ERRNO(2)).
 *
 * <p>A program outside that fragment (arithmetic on input words before a comparison or a
 * {@code ret a}, comparing two input words with each other), or one whose paths exceed a fixed
 * budget, is checked by sampling instead ({@link BoundarySampler}): syscall numbers 0..1023 and
 * their x32 twins, every constant of either program with its neighbours, and the special values
 * 0, 2^31 and 2^32-1, combined word by word and at random. Then a counterexample is still real,
 * but "none found" is not a proof and {@link Verdict#exhaustive()} is false.
 */
public final class Equivalence {
    private Equivalence() {
    }

    /** Instructions the symbolic search may interpret before it falls back to sampling. */
    private static final long STEP_BUDGET = 50_000_000L;

    /** An unsigned comparison of a masked word with a constant. */
    public enum Relation { EQ, NE, GT, GE, LT, LE }

    /** {@code (word at offset & mask) RELATION value}: one restriction of the inputs. */
    public record Condition(int offset, int mask, Relation relation, int value) {
        public Condition {
            if (offset < 0 || offset >= Bpf.SECCOMP_DATA_SIZE || (offset & 3) != 0) {
                throw new IllegalArgumentException("not a word of seccomp_data: " + offset);
            }
        }

        boolean holds(SeccompData d, boolean littleEndian) {
            return WordSet.holds(relation.ordinal(), d.word(offset, littleEndian) & mask, value);
        }
    }

    /**
     * The inputs to compare on: a byte order and conditions on single words.
     *
     * @param littleEndian the byte order in which the programs read seccomp_data
     */
    public record Domain(boolean littleEndian, List<Condition> conditions) {
        public Domain {
            conditions = List.copyOf(conditions);
        }

        /** Every seccomp_data there is, in the given byte order. */
        public static Domain anyInput(boolean littleEndian) {
            return new Domain(littleEndian, List.of());
        }

        /**
         * What the kernel can hand a filter for a syscall of {@code arch}: {@code arch} is its
         * AUDIT_ARCH; x32 numbers have bit 30 set; every other number is possible, so the
         * x86_64 domain includes x32 numbers too (both share AUDIT_ARCH_X86_64). On the 32-bit
         * ABIs whose arguments always arrive zero-extended (x86, arm, ppc, s390, m68k, sh: native
         * on a 32-bit kernel, or through a compat layer that clears the upper half) the high
         * words of the arguments and of the instruction pointer are 0. The 32-bit mips and
         * parisc ABIs keep them open, since a 64-bit kernel may pass sign-extended registers.
         */
        public static Domain of(Arch arch) {
            boolean le = arch.littleEndian();
            List<Condition> c = new ArrayList<>();
            c.add(new Condition(Bpf.SECCOMP_DATA_ARCH, -1, Relation.EQ, arch.auditArch()));
            if (arch == Arch.X32) {
                c.add(new Condition(Bpf.SECCOMP_DATA_NR, Arch.X32_SYSCALL_BIT, Relation.NE, 0));
            }
            if (highWordsZero(arch)) {
                c.add(new Condition(Bpf.ipHighOffset(le), -1, Relation.EQ, 0));
                for (int i = 0; i < SeccompData.ARGS; i++) {
                    c.add(new Condition(Bpf.argHighOffset(i, le), -1, Relation.EQ, 0));
                }
            }
            return new Domain(le, c);
        }

        private static boolean highWordsZero(Arch arch) {
            return switch (arch) {
                case X86, ARM, PPC, S390, M68K, SH, SHEB -> true;
                default -> false;
            };
        }

        /** This domain with one more condition. */
        public Domain and(int offset, int mask, Relation relation, int value) {
            List<Condition> c = new ArrayList<>(conditions);
            c.add(new Condition(offset, mask, relation, value));
            return new Domain(littleEndian, c);
        }

        /** Only syscall number {@code nr}. */
        public Domain withNr(int nr) {
            return and(Bpf.SECCOMP_DATA_NR, -1, Relation.EQ, nr);
        }

        public boolean admits(SeccompData d) {
            return conditions.stream().allMatch(c -> c.holds(d, littleEndian));
        }

        /** The per-word sets the conditions leave, or null when they contradict each other. */
        WordSet[] wordSets() {
            WordSet[] words = new WordSet[SymbolicExplorer.WORDS];
            Arrays.fill(words, WordSet.ALL);
            for (Condition c : conditions) {
                int w = c.offset() >>> 2;
                words[w] = words[w].and(c.mask(), c.relation().ordinal(), c.value());
                if (words[w] == null) {
                    return null;
                }
            }
            return words;
        }
    }

    /** An input on which the two programs return different values. */
    public record Difference(SeccompData input, int first, int second) {
        @Override
        public String toString() {
            return input + ": " + Bpf.describeReturn(first) + " vs " + Bpf.describeReturn(second);
        }
    }

    /**
     * The outcome of a comparison.
     *
     * @param difference an input on which the programs differ, if one was found
     * @param exhaustive true when the search covered every input of the domain, so that no
     *        difference means the programs are equivalent there
     * @param cases pairs of paths explored (symbolic search) or inputs tried (sampling)
     */
    public record Verdict(Optional<Difference> difference, boolean exhaustive, long cases) {
        /** No difference found by an exhaustive search. */
        public boolean equivalent() {
            return difference.isEmpty() && exhaustive;
        }
    }

    /** An input of {@code arch} on which the programs differ ({@link Domain#of(Arch)}). */
    public static Optional<SeccompData> counterexample(BpfProgram a, BpfProgram b, Arch arch) {
        return counterexample(a, b, Domain.of(arch));
    }

    /** An input of the domain on which the programs differ. */
    public static Optional<SeccompData> counterexample(BpfProgram a, BpfProgram b, Domain domain) {
        return compare(a, b, domain).difference().map(Difference::input);
    }

    /**
     * Compares the programs on every input of the domain.
     *
     * @throws BpfVerifyException if either program is one the kernel would reject
     */
    public static Verdict compare(BpfProgram a, BpfProgram b, Domain domain) {
        Verifier.verify(a);
        Verifier.verify(b);
        WordSet[] start;
        try {
            start = domain.wordSets();
        } catch (WordSet.TooComplex e) {
            throw new IllegalArgumentException("the domain's conditions are too intricate to solve: " + domain, e);
        }
        if (start == null) {
            return new Verdict(Optional.empty(), true, 0);
        }
        try {
            return symbolic(a, b, domain.littleEndian(), start);
        } catch (SymbolicExplorer.Unsupported | WordSet.TooComplex e) {
            return BoundarySampler.search(a, b, domain.littleEndian(), start);
        }
    }

    private static Verdict symbolic(BpfProgram a, BpfProgram b, boolean le, WordSet[] start) {
        long[] budget = {STEP_BUDGET};
        SymbolicExplorer first = new SymbolicExplorer(a, budget);
        SymbolicExplorer second = new SymbolicExplorer(b, budget);
        long[] pairs = {0};
        Difference[] found = {null};
        first.explore(start, (va, wordsA) -> second.explore(wordsA, (vb, wordsB) -> {
            pairs[0]++;
            if (va == vb) {
                return true;
            }
            SeccompData input = input(wordsB, le);
            int ra = Emulator.decide(a, input, le);
            int rb = Emulator.decide(b, input, le);
            if (ra != va || rb != vb) {
                throw new IllegalStateException("symbolic paths disagree with the emulator on " + input);
            }
            found[0] = new Difference(input, ra, rb);
            return false;
        }));
        return new Verdict(Optional.ofNullable(found[0]), true, pairs[0]);
    }

    /** The input made of one member of each word's set. */
    static SeccompData input(WordSet[] words, boolean le) {
        int[] w = new int[SymbolicExplorer.WORDS];
        for (int i = 0; i < w.length; i++) {
            w[i] = words[i].witness();
        }
        return fromWords(w, le);
    }

    /** Assembles seccomp_data from its 16 words as they lie in memory. */
    static SeccompData fromWords(int[] w, boolean le) {
        long[] args = new long[SeccompData.ARGS];
        for (int i = 0; i < args.length; i++) {
            args[i] = join(w[4 + 2 * i], w[5 + 2 * i], le);
        }
        return new SeccompData(w[0], w[1], join(w[2], w[3], le), args);
    }

    private static long join(int firstWord, int secondWord, boolean le) {
        int low = le ? firstWord : secondWord;
        int high = le ? secondWord : firstWord;
        return ((long) high << 32) | Integer.toUnsignedLong(low);
    }
}
