package org.syscage.core.bpf;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random programs the kernel accepts, for property tests. Built back to front so that every
 * jump can pick any later instruction (within the 8-bit or 32-bit offset) and the last
 * instruction is a ret.
 */
final class RandomPrograms {
    private RandomPrograms() {
    }

    private static final int[] ALU_OPS = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH, BPF_XOR};
    private static final int[] JUMP_OPS = {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET};
    private static final int[] RETURNS = {SECCOMP_RET_ALLOW, SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD,
        Bpf.errno(1), Bpf.errno(2), SECCOMP_RET_LOG, Bpf.trace(3), SECCOMP_RET_TRAP, SECCOMP_RET_USER_NOTIF};

    /**
     * Any mix of the instructions seccomp runs. Scratch cells are stored in a straight-line
     * prefix, so that every later read is of a cell written on all paths.
     */
    static BpfProgram anyValid(Random r) {
        int length = 1 + r.nextInt(r.nextBoolean() ? 12 : 80);
        List<Integer> stored = new ArrayList<>();
        for (int cell = 0; cell < BPF_MEMWORDS; cell++) {
            if (r.nextInt(4) == 0) {
                stored.add(cell);
            }
        }
        List<Insn> reversed = new ArrayList<>();
        reversed.add(ret(r));
        while (reversed.size() < length) {
            reversed.add(anyInstruction(r, reversed.size(), stored));
        }
        for (int cell : stored) {
            reversed.add(Insn.stmt(r.nextBoolean() ? BPF_ST : BPF_STX, cell));
        }
        Collections.reverse(reversed);
        return BpfProgram.of(reversed);
    }

    /** An instruction placed before {@code following} others. */
    private static Insn anyInstruction(Random r, int following, List<Integer> stored) {
        int src = r.nextBoolean() ? BPF_K : BPF_X;
        return switch (r.nextInt(14)) {
            case 0, 1 -> Insn.stmt(BPF_LD | BPF_W | BPF_ABS, 4 * r.nextInt(16));
            case 2 -> Insn.stmt(r.nextBoolean() ? BPF_LD | BPF_IMM : BPF_LDX | BPF_IMM, constant(r));
            case 3 -> Insn.stmt(r.nextBoolean() ? BPF_LD | BPF_W | BPF_LEN : BPF_LDX | BPF_W | BPF_LEN, 0);
            case 4 -> Insn.stmt(BPF_MISC | (r.nextBoolean() ? BPF_TAX : BPF_TXA), 0);
            case 5 -> stored.isEmpty() ? ret(r)
                    : Insn.stmt(r.nextBoolean() ? BPF_LD | BPF_MEM : BPF_LDX | BPF_MEM, stored.get(r.nextInt(stored.size())));
            case 6 -> stored.isEmpty() ? Insn.stmt(BPF_ALU | BPF_NEG, 0)
                    : Insn.stmt(r.nextBoolean() ? BPF_ST : BPF_STX, stored.get(r.nextInt(stored.size())));
            case 7, 8 -> {
                int op = ALU_OPS[r.nextInt(ALU_OPS.length)];
                int k = constant(r);
                if (src == BPF_K && op == BPF_DIV && k == 0) {
                    k = 1;
                }
                if (src == BPF_K && (op == BPF_LSH || op == BPF_RSH)) {
                    k = r.nextInt(32);
                }
                yield Insn.stmt(BPF_ALU | op | src, k);
            }
            case 9 -> Insn.stmt(BPF_ALU | BPF_NEG, 0);
            case 10 -> Insn.stmt(BPF_JMP | BPF_JA, r.nextInt(following));
            case 11 -> ret(r);
            default -> Insn.jump(BPF_JMP | JUMP_OPS[r.nextInt(JUMP_OPS.length)] | src, constant(r),
                    r.nextInt(Math.min(following, 256)), r.nextInt(Math.min(following, 256)));
        };
    }

    /**
     * Filters in the shape libseccomp and compilers produce, over two words only (nr and the low
     * word of args[0], little-endian), with constants 0..7 and masks 1..15, so that inputs 0..31
     * in each word meet every behaviour of the program: values from 8 up compare alike with
     * constants up to 7, and masks see only the low 4 bits. X only ever holds a constant, so the
     * programs stay within what the symbolic equivalence search decides exactly.
     */
    static BpfProgram smallFilter(Random r) {
        int length = 2 + r.nextInt(25);
        List<Insn> reversed = new ArrayList<>();
        reversed.add(retK(r));
        while (reversed.size() < length) {
            int following = reversed.size();
            reversed.add(switch (r.nextInt(8)) {
                case 0, 1 -> Insn.stmt(BPF_LD | BPF_W | BPF_ABS, r.nextBoolean() ? SECCOMP_DATA_NR : SECCOMP_DATA_ARGS);
                case 2 -> Insn.stmt(BPF_ALU | BPF_AND | BPF_K, 1 + r.nextInt(15));
                case 3 -> Insn.stmt(BPF_LDX | BPF_IMM, r.nextInt(8));
                case 4 -> Insn.stmt(BPF_LD | BPF_IMM, r.nextInt(8));
                case 5 -> retK(r);
                default -> Insn.jump(BPF_JMP | JUMP_OPS[r.nextInt(JUMP_OPS.length)] | (r.nextInt(3) == 0 ? BPF_X : BPF_K),
                        r.nextInt(8), r.nextInt(Math.min(following, 256)), r.nextInt(Math.min(following, 256)));
            });
        }
        Collections.reverse(reversed);
        return BpfProgram.of(reversed);
    }

    /** The program with one small change: a constant moved by one, or a different return value. */
    static BpfProgram mutate(BpfProgram p, Random r) {
        List<Insn> insns = new ArrayList<>(p.instructions());
        int i = r.nextInt(insns.size());
        Insn in = insns.get(i);
        if (in.code() == (BPF_RET | BPF_K)) {
            insns.set(i, retK(r));
        } else if (in.code() != (BPF_LD | BPF_W | BPF_ABS) && bpfClass(in.code()) != BPF_MISC) {
            int k = Math.max(0, Math.min(7, in.k() + (r.nextBoolean() ? 1 : -1)));
            if (in.code() == (BPF_ALU | BPF_AND | BPF_K)) {
                k = 1 + r.nextInt(15);
            }
            insns.set(i, new Insn(in.code(), in.jt(), in.jf(), k));
        }
        return BpfProgram.of(insns);
    }

    private static Insn ret(Random r) {
        return r.nextInt(8) == 0 ? Insn.stmt(BPF_RET | BPF_A, 0) : retK(r);
    }

    private static Insn retK(Random r) {
        return Insn.stmt(BPF_RET | BPF_K, RETURNS[r.nextInt(RETURNS.length)]);
    }

    private static int constant(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(8);
            case 1 -> r.nextInt();
            case 2 -> 1 << r.nextInt(32);
            default -> -r.nextInt(3);
        };
    }
}
