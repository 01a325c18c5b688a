package org.syscage.core.bpf;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checks the kernel makes before it installs a seccomp filter, in the kernel's order:
 * <ol>
 *   <li>length 1..4096 (bpf_check_basics_ok);</li>
 *   <li>per instruction (bpf_check_classic): the opcode is classic BPF; no division by the
 *       constant 0; no shift by a constant of 32 or more; scratch cells 0..15; every jump target
 *       inside the program;</li>
 *   <li>the last instruction is a {@code ret};</li>
 *   <li>no scratch cell is read unless written before on every path (check_load_and_stores,
 *       reproduced exactly, including its conservative treatment of the instruction after a
 *       {@code ret}, which it checks as if control could fall into it);</li>
 *   <li>seccomp's own list (seccomp_check_filter): only the opcodes seccomp runs, and every
 *       {@code ld [k]} 4-aligned and below 64.</li>
 * </ol>
 * A program passes exactly when the kernel accepts it; each problem names the instruction and
 * the reason. Unlike the kernel, which stops at the first, all problems are listed (except that
 * the memory check needs valid jump targets and cell numbers and is skipped without them).
 */
public final class Verifier {
    private Verifier() {
    }

    /**
     * One reason for rejection.
     *
     * @param index the instruction, or -1 for the program as a whole
     */
    public record Problem(int index, String reason) {
        @Override
        public String toString() {
            return index < 0 ? reason : "instruction " + index + ": " + reason;
        }
    }

    /** The opcodes seccomp_check_filter lets through. */
    private static final int[] SECCOMP_OPCODES = {
        BPF_LD | BPF_W | BPF_ABS, BPF_LD | BPF_W | BPF_LEN, BPF_LDX | BPF_W | BPF_LEN,
        BPF_RET | BPF_K, BPF_RET | BPF_A,
        BPF_ALU | BPF_ADD | BPF_K, BPF_ALU | BPF_ADD | BPF_X,
        BPF_ALU | BPF_SUB | BPF_K, BPF_ALU | BPF_SUB | BPF_X,
        BPF_ALU | BPF_MUL | BPF_K, BPF_ALU | BPF_MUL | BPF_X,
        BPF_ALU | BPF_DIV | BPF_K, BPF_ALU | BPF_DIV | BPF_X,
        BPF_ALU | BPF_AND | BPF_K, BPF_ALU | BPF_AND | BPF_X,
        BPF_ALU | BPF_OR | BPF_K, BPF_ALU | BPF_OR | BPF_X,
        BPF_ALU | BPF_XOR | BPF_K, BPF_ALU | BPF_XOR | BPF_X,
        BPF_ALU | BPF_LSH | BPF_K, BPF_ALU | BPF_LSH | BPF_X,
        BPF_ALU | BPF_RSH | BPF_K, BPF_ALU | BPF_RSH | BPF_X,
        BPF_ALU | BPF_NEG,
        BPF_LD | BPF_IMM, BPF_LDX | BPF_IMM,
        BPF_MISC | BPF_TAX, BPF_MISC | BPF_TXA,
        BPF_LD | BPF_MEM, BPF_LDX | BPF_MEM, BPF_ST, BPF_STX,
        BPF_JMP | BPF_JA,
        BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JEQ | BPF_X,
        BPF_JMP | BPF_JGE | BPF_K, BPF_JMP | BPF_JGE | BPF_X,
        BPF_JMP | BPF_JGT | BPF_K, BPF_JMP | BPF_JGT | BPF_X,
        BPF_JMP | BPF_JSET | BPF_K, BPF_JMP | BPF_JSET | BPF_X,
    };

    /** Classic opcodes (chk_code_allowed) that seccomp nevertheless refuses. */
    private static final int[] CLASSIC_ONLY_OPCODES = {
        BPF_ALU | BPF_MOD | BPF_K, BPF_ALU | BPF_MOD | BPF_X,
        BPF_LD | BPF_H | BPF_ABS, BPF_LD | BPF_B | BPF_ABS,
        BPF_LD | BPF_W | BPF_IND, BPF_LD | BPF_H | BPF_IND, BPF_LD | BPF_B | BPF_IND,
        BPF_LDX | BPF_B | BPF_MSH,
    };

    private static final boolean[] SECCOMP = table(SECCOMP_OPCODES);
    private static final boolean[] CLASSIC = table(SECCOMP_OPCODES, CLASSIC_ONLY_OPCODES);

    private static boolean[] table(int[]... lists) {
        boolean[] t = new boolean[0x100];
        for (int[] list : lists) {
            for (int code : list) {
                t[code] = true;
            }
        }
        return t;
    }

    /** Whether seccomp runs this opcode at all. */
    public static boolean isSeccompOpcode(int code) {
        return code >= 0 && code < SECCOMP.length && SECCOMP[code];
    }

    /** Each problem as "instruction N: why"; empty when the kernel would accept the program. */
    public static List<String> check(BpfProgram p) {
        return problems(p).stream().map(Problem::toString).toList();
    }

    /** @throws BpfVerifyException listing every problem when the kernel would reject the program */
    public static void verify(BpfProgram p) {
        List<String> problems = check(p);
        if (!problems.isEmpty()) {
            throw new BpfVerifyException(problems);
        }
    }

    /** Whether the kernel would accept the program. */
    public static boolean accepts(BpfProgram p) {
        return problems(p).isEmpty();
    }

    /** The problems with their instruction indices. */
    public static List<Problem> problems(BpfProgram p) {
        List<Problem> out = new ArrayList<>();
        int n = p.size();
        if (n == 0) {
            out.add(new Problem(-1, "the program is empty; the kernel needs 1 to " + BPF_MAXINSNS + " instructions"));
            return out;
        }
        if (n > BPF_MAXINSNS) {
            out.add(new Problem(-1, "the program has " + n + " instructions; the kernel accepts at most "
                    + BPF_MAXINSNS + " (BPF_MAXINSNS)"));
            return out;
        }
        boolean targetsValid = true; // jump targets and scratch cells, which the memory check indexes by
        for (int pc = 0; pc < n; pc++) {
            Insn in = p.get(pc);
            int code = in.code();
            if (code >= CLASSIC.length || !CLASSIC[code]) {
                out.add(new Problem(pc, String.format("opcode 0x%02x is not a classic BPF instruction", code)));
                continue;
            }
            if (!SECCOMP[code]) {
                out.add(new Problem(pc, String.format("%s (0x%02x) is classic BPF, but seccomp does not accept it",
                        BpfText.opcodeName(code), code)));
            }
            String special = specialCheck(in, pc, n);
            if (special != null) {
                out.add(new Problem(pc, special));
                int cls = bpfClass(code);
                if (cls == BPF_JMP || cls == BPF_ST || cls == BPF_STX || bpfMode(code) == BPF_MEM) {
                    targetsValid = false;
                }
            }
        }
        int last = p.get(n - 1).code();
        if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A)) {
            out.add(new Problem(n - 1, "the last instruction must be a ret, so execution cannot run off the end"));
        }
        if (targetsValid) {
            checkLoadsAndStores(p, out);
        }
        return out;
    }

    /** The per-opcode checks of bpf_check_classic plus seccomp's check of loads; null when fine. */
    private static String specialCheck(Insn in, int pc, int n) {
        int code = in.code();
        int k = in.k();
        return switch (code) {
            case BPF_ALU | BPF_DIV | BPF_K, BPF_ALU | BPF_MOD | BPF_K ->
                    k == 0 ? "divides by the constant 0" : null;
            case BPF_ALU | BPF_LSH | BPF_K, BPF_ALU | BPF_RSH | BPF_K ->
                    Integer.compareUnsigned(k, 32) >= 0
                            ? "shifts by the constant " + Integer.toUnsignedString(k) + "; constant shifts must be below 32"
                            : null;
            case BPF_LD | BPF_MEM, BPF_LDX | BPF_MEM, BPF_ST, BPF_STX ->
                    Integer.compareUnsigned(k, BPF_MEMWORDS) >= 0
                            ? "uses scratch cell M[" + Integer.toUnsignedString(k) + "]; there are only M[0] to M[15]"
                            : null;
            case BPF_JMP | BPF_JA -> Integer.compareUnsigned(k, n - pc - 1) >= 0
                    ? "jumps " + Integer.toUnsignedString(k) + " forward, to " + (pc + 1 + Integer.toUnsignedLong(k))
                            + ", but the last instruction is " + (n - 1)
                    : null;
            case BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JEQ | BPF_X,
                 BPF_JMP | BPF_JGT | BPF_K, BPF_JMP | BPF_JGT | BPF_X,
                 BPF_JMP | BPF_JGE | BPF_K, BPF_JMP | BPF_JGE | BPF_X,
                 BPF_JMP | BPF_JSET | BPF_K, BPF_JMP | BPF_JSET | BPF_X -> {
                int t = pc + 1 + in.jt();
                int f = pc + 1 + in.jf();
                if (t < n && f < n) {
                    yield null;
                }
                yield "jumps to " + (t >= n ? t : f) + " when " + (t >= n ? "true" : "false")
                        + ", but the last instruction is " + (n - 1);
            }
            case BPF_LD | BPF_W | BPF_ABS -> Integer.compareUnsigned(k, SECCOMP_DATA_SIZE) >= 0 || (k & 3) != 0
                    ? "loads offset " + Integer.toUnsignedString(k)
                            + " of seccomp_data; loads must be 4-aligned and below 64 (its size)"
                    : null;
            default -> null;
        };
    }

    /**
     * check_load_and_stores of net/core/filter.c, step for step: a linear pass that carries the
     * set of written cells, meets it into every jump target, and after a jump continues with
     * "everything written" (the target's own mask then decides). The fall-through after a ret is
     * not reset, exactly like the kernel.
     */
    private static void checkLoadsAndStores(BpfProgram p, List<Problem> out) {
        int n = p.size();
        int[] masks = new int[n];
        Arrays.fill(masks, 0xffff);
        int memvalid = 0;
        for (int pc = 0; pc < n; pc++) {
            Insn in = p.get(pc);
            memvalid &= masks[pc];
            switch (in.code()) {
                case BPF_ST, BPF_STX -> memvalid |= 1 << in.k();
                case BPF_LD | BPF_MEM, BPF_LDX | BPF_MEM -> {
                    if ((memvalid & (1 << in.k())) == 0) {
                        out.add(new Problem(pc, "reads M[" + in.k()
                                + "], which is not written on every path that reaches it"));
                    }
                }
                case BPF_JMP | BPF_JA -> {
                    masks[pc + 1 + in.k()] &= memvalid;
                    memvalid = 0xffff;
                }
                case BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JEQ | BPF_X,
                     BPF_JMP | BPF_JGT | BPF_K, BPF_JMP | BPF_JGT | BPF_X,
                     BPF_JMP | BPF_JGE | BPF_K, BPF_JMP | BPF_JGE | BPF_X,
                     BPF_JMP | BPF_JSET | BPF_K, BPF_JMP | BPF_JSET | BPF_X -> {
                    masks[pc + 1 + in.jt()] &= memvalid;
                    masks[pc + 1 + in.jf()] &= memvalid;
                    memvalid = 0xffff;
                }
                default -> {
                }
            }
        }
    }
}
