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
    }

    /** A register value: a constant, {@code word & mask}, or the result of other arithmetic. */
    private record Sym(int kind, int word, int mask, int value) {
        static final int CONST = 0;
        static final int MASKED = 1;
        static final int OPAQUE = 2;
        static final Sym OPAQUE_VALUE = new Sym(OPAQUE, 0, 0, 0);
        static final Sym ZERO = constant(0);

        static Sym constant(int v) {
            return new Sym(CONST, 0, 0, v);
        }

        static Sym masked(int word, int mask) {
            return mask == 0 ? ZERO : new Sym(MASKED, word, mask, 0);
        }

        boolean isConst() {
            return kind == CONST;
        }
    }

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
                case BPF_LD | BPF_W | BPF_LEN -> a = Sym.constant(SECCOMP_DATA_SIZE);
                case BPF_LDX | BPF_W | BPF_LEN -> x = Sym.constant(SECCOMP_DATA_SIZE);
                case BPF_LD | BPF_IMM -> a = Sym.constant(k);
                case BPF_LDX | BPF_IMM -> x = Sym.constant(k);
                case BPF_LD | BPF_MEM -> a = mem[k];
                case BPF_LDX | BPF_MEM -> x = mem[k];
                case BPF_ST -> mem[k] = a;
                case BPF_STX -> mem[k] = x;
                case BPF_MISC | BPF_TAX -> x = a;
                case BPF_MISC | BPF_TXA -> a = x;
                case BPF_ALU | BPF_NEG -> a = a.isConst() ? Sym.constant(-a.value()) : Sym.OPAQUE_VALUE;
                case BPF_ALU | BPF_DIV | BPF_X -> {
                    if (x.kind() == Sym.OPAQUE) {
                        throw new Unsupported("division by a computed value at " + pc);
                    }
                    if (x.kind() == Sym.MASKED) {
                        // The program ends with 0 when the divisor is 0: a branch on the divisor's word.
                        WordSet zero = words[x.word()].and(x.mask(), WordSet.EQ, 0);
                        WordSet nonZero = words[x.word()].and(x.mask(), WordSet.NE, 0);
                        if (zero != null && !leaf.reached(0, replace(words, x.word(), zero))) {
                            return false;
                        }
                        if (nonZero == null) {
                            return true;
                        }
                        words = replace(words, x.word(), nonZero);
                        a = a.isConst() && a.value() == 0 ? Sym.ZERO : Sym.OPAQUE_VALUE;
                    } else if (x.value() == 0) {
                        return leaf.reached(0, words);
                    } else {
                        a = alu(code, a, x.value());
                    }
                }
                case BPF_JMP | BPF_JA -> pc += k;
                case BPF_RET | BPF_K -> {
                    return leaf.reached(k, words);
                }
                case BPF_RET | BPF_A -> {
                    if (!a.isConst()) {
                        throw new Unsupported("ret a of a value computed from the input at " + pc);
                    }
                    return leaf.reached(a.value(), words);
                }
                default -> {
                    if (bpfClass(code) == BPF_ALU) {
                        Sym operand = bpfSrc(code) == BPF_X ? x : Sym.constant(k);
                        a = operand.isConst() ? alu(code, a, operand.value()) : Sym.OPAQUE_VALUE;
                    } else if (bpfClass(code) == BPF_JMP) {
                        Sym operand = bpfSrc(code) == BPF_X ? x : Sym.constant(k);
                        Split split = branch(pc, code, a, operand, words);
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

    private Split branch(int pc, int code, Sym a, Sym operand, WordSet[] words) {
        int op = bpfOp(code);
        if (a.isConst() && operand.isConst()) {
            return compare(op, a.value(), operand.value()) ? new Split(words, null) : new Split(null, words);
        }
        int word;
        int mask;
        int rel;
        int k;
        if (a.kind() == Sym.MASKED && operand.isConst()) {
            word = a.word();
            mask = a.mask();
            k = operand.value();
            rel = switch (op) {
                case BPF_JEQ -> WordSet.EQ;
                case BPF_JGT -> WordSet.GT;
                case BPF_JGE -> WordSet.GE;
                default -> WordSet.NE; // jset: (w & mask & k) != 0
            };
        } else if (a.isConst() && operand.kind() == Sym.MASKED) {
            // The input is the right operand: c OP v, turned around into a condition on v.
            word = operand.word();
            mask = operand.mask();
            k = a.value();
            rel = switch (op) {
                case BPF_JEQ -> WordSet.EQ;
                case BPF_JGT -> WordSet.LT;
                case BPF_JGE -> WordSet.LE;
                default -> WordSet.NE;
            };
        } else {
            throw new Unsupported("comparison of values computed from the input at " + pc);
        }
        if (op == BPF_JSET) {
            mask &= k;
            k = 0;
        }
        WordSet yes = words[word].and(mask, rel, k);
        WordSet no = words[word].and(mask, WordSet.negate(rel), k);
        return new Split(yes == null ? null : replace(words, word, yes), no == null ? null : replace(words, word, no));
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
        if (a.kind() == Sym.MASKED && op == BPF_AND) {
            return Sym.masked(a.word(), a.mask() & v);
        }
        if (!a.isConst()) {
            return Sym.OPAQUE_VALUE;
        }
        int x = a.value();
        return Sym.constant(switch (op) {
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
