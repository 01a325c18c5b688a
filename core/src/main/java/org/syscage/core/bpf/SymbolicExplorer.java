package org.syscage.core.bpf;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Runs a filter on symbolic input: each of the 16 words of seccomp_data is a {@link WordSet} of
 * the values still possible, and the registers hold either a constant or "word w masked by m".
 * At a comparison of such a value with a constant both outcomes are followed, each with the
 * word's set narrowed; outcomes whose set is empty are dropped. Every path that reaches a
 * {@code ret} is reported with the sets that lead there.
 *
 * <p>The sets of different words never constrain each other, so a path is feasible exactly when
 * each word's set is non-empty, and the witnesses of the sets form an input that takes it.
 * Anything outside that fragment (comparing two input words, comparing or returning the result
 * of arithmetic on input other than {@code and #k}) throws {@link Unsupported}.
 */
final class SymbolicExplorer {
    static final int WORDS = SECCOMP_DATA_SIZE / 4;

    /** The program leaves the fragment this explorer decides exactly. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    /** Receives each path's return value and word sets; returns false to stop exploring. */
    interface Leaf {
        boolean reached(int value, WordSet[] words);

        /**
         * A path left the fragment at instruction {@code pc}, for the reason given, under these
         * word sets. By default the whole exploration gives up ({@link Unsupported}); a caller
         * that wants to list such paths returns true to go on with the others.
         */
        default boolean outside(int pc, String why, WordSet[] words) {
            throw new Unsupported(why + " at " + pc);
        }
    }

    /** A register value: a constant, {@code word & mask}, or the result of other arithmetic. */
    private sealed interface Sym {
        Const ZERO = new Const(0);

        static Sym masked(int word, int mask) {
            return mask == 0 ? ZERO : new Masked(word, mask);
        }
    }

    private record Const(int value) implements Sym {
    }

    /** {@code (32-bit word number `word` of seccomp_data) & mask}. */
    private record Masked(int word, int mask) implements Sym {
    }

    /** A value computed from the input in a way the word sets cannot follow. */
    private record Opaque() implements Sym {
    }

    private static final Opaque OPAQUE = new Opaque();

    private record State(int pc, Sym a, Sym x, Sym[] mem, WordSet[] words) {
    }

    private final BpfProgram program;
    private final long[] stepBudget;

    /** @param stepBudget shared countdown of instructions interpreted; exhausting it throws Unsupported */
    SymbolicExplorer(BpfProgram program, long[] stepBudget) {
        this.program = program;
        this.stepBudget = stepBudget;
    }

    /** Explores every feasible path from the start; false if a leaf asked to stop. */
    boolean explore(WordSet[] start, Leaf leaf) {
        Deque<State> work = new ArrayDeque<>();
        Sym[] mem = program.usesScratch ? new Sym[BPF_MEMWORDS] : null;
        if (mem != null) {
            Arrays.fill(mem, Sym.ZERO);
        }
        work.push(new State(0, Sym.ZERO, Sym.ZERO, mem, start.clone()));
        while (!work.isEmpty()) {
            if (!runPath(work.pop(), work, leaf)) {
                return false;
            }
        }
        return true;
    }

    /** Follows one path until ret, pushing the other sides of its branches. */
    private boolean runPath(State s, Deque<State> work, Leaf leaf) {
        int[] codes = program.codes;
        int[] ks = program.ks;
        int pc = s.pc();
        Sym a = s.a();
        Sym x = s.x();
        Sym[] mem = s.mem() == null ? null : s.mem().clone();
        WordSet[] words = s.words();
        while (true) {
            if (--stepBudget[0] < 0) {
                throw new Unsupported("too many paths to explore");
            }
            int code = codes[pc];
            int k = ks[pc];
            switch (code) {
                case BPF_LD | BPF_W | BPF_ABS -> a = Sym.masked(k >>> 2, -1);
                case BPF_LD | BPF_W | BPF_LEN -> a = new Const(SECCOMP_DATA_SIZE);
                case BPF_LDX | BPF_W | BPF_LEN -> x = new Const(SECCOMP_DATA_SIZE);
                case BPF_LD | BPF_IMM -> a = new Const(k);
                case BPF_LDX | BPF_IMM -> x = new Const(k);
                case BPF_LD | BPF_MEM -> a = mem[k];
                case BPF_LDX | BPF_MEM -> x = mem[k];
                case BPF_ST -> mem[k] = a;
                case BPF_STX -> mem[k] = x;
                case BPF_MISC | BPF_TAX -> x = a;
                case BPF_MISC | BPF_TXA -> a = x;
                case BPF_ALU | BPF_NEG -> a = a instanceof Const(int v) ? new Const(-v) : OPAQUE;
                case BPF_ALU | BPF_DIV | BPF_X -> {
                    switch (x) {
                        case Const(int divisor) when divisor == 0 -> {
                            return leaf.reached(0, words);
                        }
                        case Const(int divisor) -> a = alu(code, a, divisor);
                        case Masked(int word, int mask) -> {
                            // The program ends with 0 when the divisor is 0: a branch on the divisor's word.
                            WordSet zero = words[word].and(mask, WordSet.EQ, 0);
                            WordSet nonZero = words[word].and(mask, WordSet.NE, 0);
                            if (zero != null && !leaf.reached(0, replace(words, word, zero))) {
                                return false;
                            }
                            if (nonZero == null) {
                                return true;
                            }
                            words = replace(words, word, nonZero);
                            a = a.equals(Sym.ZERO) ? Sym.ZERO : OPAQUE;
                        }
                        case Opaque o -> {
                            return leaf.outside(pc, "division by a value computed from the input", words);
                        }
                    }
                }
                case BPF_JMP | BPF_JA -> pc += k;
                case BPF_RET | BPF_K -> {
                    return leaf.reached(k, words);
                }
                case BPF_RET | BPF_A -> {
                    if (!(a instanceof Const(int value))) {
                        return leaf.outside(pc, "ret a of a value computed from the input", words);
                    }
                    return leaf.reached(value, words);
                }
                default -> {
                    Sym operand = bpfSrc(code) == BPF_X ? x : new Const(k);
                    if (bpfClass(code) == BPF_ALU) {
                        a = operand instanceof Const(int v) ? alu(code, a, v) : OPAQUE;
                    } else if (bpfClass(code) == BPF_JMP) {
                        Split split = branch(bpfOp(code), a, operand, words);
                        if (split == null) {
                            return leaf.outside(pc, "comparison of values computed from the input", words);
                        }
                        if (split.taken() != null && split.notTaken() != null) {
                            work.push(new State(pc + 1 + program.jfs[pc], a, x,
                                    mem == null ? null : mem.clone(), split.notTaken()));
                        }
                        if (split.taken() != null) {
                            words = split.taken();
                            pc += program.jts[pc];
                        } else {
                            words = split.notTaken();
                            pc += program.jfs[pc];
                        }
                    } else {
                        throw new IllegalArgumentException(String.format(
                                "instruction %d (code 0x%02x) is not one seccomp runs", pc, code));
                    }
                }
            }
            pc++;
        }
    }

    /** The words on each side of a conditional jump; null for a side no input takes. */
    private record Split(WordSet[] taken, WordSet[] notTaken) {
    }

    /** A condition {@code (word & mask) rel k} on one word of the input. */
    private record Condition(int word, int mask, int rel, int k) {
    }

    /** Both sides of the jump, or null when the comparison is not one of a word with a constant. */
    private static Split branch(int op, Sym a, Sym operand, WordSet[] words) {
        if (a instanceof Const(int left) && operand instanceof Const(int right)) {
            return compare(op, left, right) ? new Split(words, null) : new Split(null, words);
        }
        Condition c = switch (a) {
            case Masked(int word, int mask) when operand instanceof Const(int k) -> new Condition(word, mask, switch (op) {
                case BPF_JEQ -> WordSet.EQ;
                case BPF_JGT -> WordSet.GT;
                case BPF_JGE -> WordSet.GE;
                default -> WordSet.NE; // jset: (w & mask & k) != 0
            }, k);
            // The input is the right operand: c OP v, turned around into a condition on v.
            case Const(int k) when operand instanceof Masked(int word, int mask) -> new Condition(word, mask, switch (op) {
                case BPF_JEQ -> WordSet.EQ;
                case BPF_JGT -> WordSet.LT;
                case BPF_JGE -> WordSet.LE;
                default -> WordSet.NE;
            }, k);
            default -> null;
        };
        if (c == null) {
            return null;
        }
        if (op == BPF_JSET) {
            c = new Condition(c.word(), c.mask() & c.k(), WordSet.NE, 0);
        }
        WordSet yes = words[c.word()].and(c.mask(), c.rel(), c.k());
        WordSet no = words[c.word()].and(c.mask(), WordSet.negate(c.rel()), c.k());
        return new Split(yes == null ? null : replace(words, c.word(), yes),
                no == null ? null : replace(words, c.word(), no));
    }

    private static WordSet[] replace(WordSet[] words, int i, WordSet set) {
        if (words[i] == set) {
            return words;
        }
        WordSet[] copy = words.clone();
        copy[i] = set;
        return copy;
    }

    private static boolean compare(int op, int a, int b) {
        return switch (op) {
            case BPF_JEQ -> a == b;
            case BPF_JGT -> Integer.compareUnsigned(a, b) > 0;
            case BPF_JGE -> Integer.compareUnsigned(a, b) >= 0;
            case BPF_JSET -> (a & b) != 0;
            default -> throw new IllegalStateException("jump op " + op);
        };
    }

    /** A op= v for a constant v (division by zero handled by the caller). */
    private static Sym alu(int code, Sym a, int v) {
        int op = bpfOp(code);
        if (a instanceof Masked(int word, int mask) && op == BPF_AND) {
            return Sym.masked(word, mask & v);
        }
        if (!(a instanceof Const(int x))) {
            return OPAQUE;
        }
        return new Const(switch (op) {
            case BPF_ADD -> x + v;
            case BPF_SUB -> x - v;
            case BPF_MUL -> x * v;
            case BPF_DIV -> Integer.divideUnsigned(x, v);
            case BPF_OR -> x | v;
            case BPF_AND -> x & v;
            case BPF_XOR -> x ^ v;
            case BPF_LSH -> x << v;
            case BPF_RSH -> x >>> v;
            default -> throw new IllegalArgumentException(String.format("ALU opcode 0x%02x", code));
        });
    }
}
