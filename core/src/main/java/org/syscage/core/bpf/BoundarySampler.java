package org.syscage.core.bpf;

import static org.syscage.core.bpf.Bpf.*;

import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

import org.syscage.core.arch.Arch;

/**
 * The fallback of {@link Equivalence} for programs the symbolic search cannot decide: runs both
 * programs on inputs built from the values where filters change their minds - every constant
 * either program uses, its neighbours and complement, the syscall numbers 0..1023 and their x32
 * twins, and 0, 1, 2^31-1, 2^31, 2^32-1 - restricted to the domain. Deterministic; a difference it
 * finds is real, but finding none proves nothing.
 */
final class BoundarySampler {
    private BoundarySampler() {
    }

    private static final int TABLE_NUMBERS = 1024;
    private static final int MAX_PER_WORD = 256;
    private static final long MAX_TRIES = 3_000_000L;
    private static final int RANDOM_TRIES = 200_000;

    static Equivalence.Verdict search(BpfProgram a, BpfProgram b, boolean le, WordSet[] start) {
        TreeSet<Long> constants = constants(a, b);
        int words = SymbolicExplorer.WORDS;
        int[][] candidates = new int[words][];
        for (int w = 0; w < words; w++) {
            TreeSet<Long> values = new TreeSet<>(constants);
            if (w == SECCOMP_DATA_NR / 4) {
                for (int nr = 0; nr < TABLE_NUMBERS; nr++) {
                    values.add((long) nr);
                    values.add((long) (nr | Arch.X32_SYSCALL_BIT));
                }
            }
            candidates[w] = admitted(values, start[w]);
        }
        Trial trial = new Trial(a, b, le, candidates);
        // Every number with the other words at their first candidate.
        for (int nr : candidates[0]) {
            trial.base[0] = nr;
            if (trial.tryCurrent()) {
                return trial.verdict();
            }
        }
        // Each other word through its candidates, for each number a program names.
        int[] focusNrs = admitted(constants, start[0]);
        for (int nr : focusNrs) {
            for (int w = 1; w < words; w++) {
                for (int v : spread(candidates[w])) {
                    trial.reset();
                    trial.base[0] = nr;
                    trial.base[w] = v;
                    if (trial.tryCurrent() || trial.tries >= MAX_TRIES) {
                        return trial.verdict();
                    }
                }
            }
        }
        // Random mixtures of candidates, for conditions spread over several words.
        Random random = new Random(0x5ecc0b9L);
        for (int i = 0; i < RANDOM_TRIES; i++) {
            for (int w = 0; w < words; w++) {
                int[] c = candidates[w];
                trial.base[w] = c[random.nextInt(c.length)];
            }
            if (trial.tryCurrent()) {
                return trial.verdict();
            }
        }
        return trial.verdict();
    }

    /** The constants the programs compare with, mask with or load, with their neighbours. */
    private static TreeSet<Long> constants(BpfProgram a, BpfProgram b) {
        TreeSet<Long> out = new TreeSet<>();
        for (long v : new long[] {0, 1, 2, 0x7fffffffL, 0x80000000L, 0xfffffffeL, 0xffffffffL}) {
            out.add(v);
        }
        for (BpfProgram p : new BpfProgram[] {a, b}) {
            for (Insn in : p.instructions()) {
                int cls = bpfClass(in.code());
                boolean usesK = cls == BPF_ALU && bpfSrc(in.code()) == BPF_K
                        || cls == BPF_JMP && bpfOp(in.code()) != BPF_JA && bpfSrc(in.code()) == BPF_K
                        || (cls == BPF_LD || cls == BPF_LDX) && bpfMode(in.code()) == BPF_IMM;
                if (usesK) {
                    int k = in.k();
                    for (int v : new int[] {k - 1, k, k + 1, ~k}) {
                        out.add(Integer.toUnsignedLong(v));
                    }
                }
            }
        }
        return out;
    }

    private static int[] admitted(TreeSet<Long> values, WordSet set) {
        int[] out = values.stream().mapToInt(Long::intValue).filter(set::contains).toArray();
        return out.length > 0 ? out : new int[] {set.witness()};
    }

    /** At most MAX_PER_WORD values, spread evenly over the sorted candidates. */
    private static int[] spread(int[] values) {
        if (values.length <= MAX_PER_WORD) {
            return values;
        }
        int[] out = new int[MAX_PER_WORD];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[(int) ((long) i * values.length / MAX_PER_WORD)];
        }
        return out;
    }

    private static final class Trial {
        final BpfProgram a;
        final BpfProgram b;
        final boolean le;
        final int[][] candidates;
        final int[] base;
        long tries;
        Equivalence.Difference difference;

        Trial(BpfProgram a, BpfProgram b, boolean le, int[][] candidates) {
            this.a = a;
            this.b = b;
            this.le = le;
            this.candidates = candidates;
            this.base = new int[candidates.length];
            reset();
        }

        void reset() {
            for (int w = 0; w < base.length; w++) {
                base[w] = candidates[w][0];
            }
        }

        boolean tryCurrent() {
            tries++;
            SeccompData d = Equivalence.fromWords(base, le);
            int ra = Emulator.decide(a, d, le);
            int rb = Emulator.decide(b, d, le);
            if (ra != rb) {
                difference = new Equivalence.Difference(d, ra, rb);
                return true;
            }
            return false;
        }

        Equivalence.Verdict verdict() {
            return new Equivalence.Verdict(Optional.ofNullable(difference), false, tries);
        }
    }
}
