package org.syscage.core.bpf;

import static org.syscage.core.bpf.Bpf.*;

import java.util.Arrays;
import java.util.List;

import org.syscage.core.arch.Arch;

/**
 * Runs a seccomp filter the way the kernel does.
 *
 * <p>The kernel translates a classic filter to eBPF (net/core/filter.c, bpf_convert_filter) and
 * runs that; the semantics below are those of the translation:
 * <ul>
 *   <li>A and X start at 0 (the translation's prologue zeroes them). The scratch cells M[0..15]
 *       start at 0 here; the kernel does not clear them, but its verifier rejects every program
 *       that could read a cell before writing it, so the start value is never observable.</li>
 *   <li>{@code ld [k]} loads the 32-bit word at offset k of struct seccomp_data in the machine's
 *       byte order; {@code ld #len} loads 64, sizeof(struct seccomp_data).</li>
 *   <li>Arithmetic is 32-bit and wraps; division is unsigned. Dividing by X when X is 0 ends the
 *       program with return value 0 (SECCOMP_RET_KILL_THREAD), as classic BPF always did.</li>
 *   <li>A shift by X uses X mod 32, as the eBPF interpreter and the x86-64, arm64 and riscv JITs
 *       do. (Shifts by a constant of 32 or more are rejected by the verifier.)</li>
 *   <li>Comparisons are unsigned 32-bit; jump offsets count from the next instruction.</li>
 * </ul>
 * Programs the {@link Verifier} rejects are not the emulator's business: when it meets an
 * instruction the kernel would have refused, it throws {@link IllegalArgumentException} naming
 * the instruction.
 */
public final class Emulator {
    private Emulator() {
    }

    /**
     * The outcome of one run.
     *
     * @param value the filter's 32-bit return value
     * @param path the indices of the executed instructions, in order; the last one is the
     *        {@code ret}, or the division by a zero X that ended the program
     */
    public record Result(int value, int[] path) {
        public Result {
            path = path.clone();
        }

        @Override
        public int[] path() {
            return path.clone();
        }

        /** The action part, e.g. {@link Bpf#SECCOMP_RET_ERRNO}. */
        public int action() {
            return Bpf.action(value);
        }

        /** The data part, e.g. the errno of an ERRNO action. */
        public int data() {
            return Bpf.data(value);
        }

        /** How many instructions ran. */
        public int steps() {
            return path.length;
        }

        /** The index of the instruction that ended the run. */
        public int lastIndex() {
            return path[path.length - 1];
        }

        /** {@code ALLOW}, {@code ERRNO(1)}... */
        public String describe() {
            return Bpf.describeReturn(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && value == r.value && Arrays.equals(path, r.path);
        }

        @Override
        public int hashCode() {
            return 31 * value + Arrays.hashCode(path);
        }

        @Override
        public String toString() {
            return "Result[" + describe() + ", path=" + Arrays.toString(path) + "]";
        }
    }

    /** Runs the program and records the path it takes. */
    public static Result run(BpfProgram p, SeccompData d, boolean littleEndian) {
        Path path = new Path(Math.min(p.size(), 64));
        int value = execute(p, d, littleEndian, path);
        return new Result(value, path.toArray());
    }

    /** {@link #run(BpfProgram, SeccompData, boolean)} with the byte order of {@code arch}. */
    public static Result run(BpfProgram p, SeccompData d, Arch arch) {
        return run(p, d, arch.littleEndian());
    }

    /**
     * The return value only. Allocates nothing unless the program uses scratch memory (then one
     * 16-int array), so differential tests can call it millions of times.
     */
    public static int decide(BpfProgram p, SeccompData d, boolean littleEndian) {
        return execute(p, d, littleEndian, null);
    }

    /** {@link #decide(BpfProgram, SeccompData, boolean)} with the byte order of {@code arch}. */
    public static int decide(BpfProgram p, SeccompData d, Arch arch) {
        return execute(p, d, arch.littleEndian(), null);
    }

    /**
     * What a task with several filters gets (seccomp_run_filters): every filter runs, newest
     * first, and the value with the lowest action, compared as signed 32-bit numbers so that
     * KILL_PROCESS ranks first, wins; among equal actions the newest filter's value stays. With
     * no filter returning less, the result is plain SECCOMP_RET_ALLOW.
     *
     * @param newestFirst the filters in the order the kernel walks them: last installed first
     */
    public static int decideStack(List<BpfProgram> newestFirst, SeccompData d, boolean littleEndian) {
        int result = SECCOMP_RET_ALLOW;
        for (BpfProgram p : newestFirst) {
            int value = decide(p, d, littleEndian);
            if (Bpf.action(value) < Bpf.action(result)) {
                result = value;
            }
        }
        return result;
    }

    private static int execute(BpfProgram p, SeccompData d, boolean le, Path path) {
        final int[] codes = p.codes;
        final int[] ks = p.ks;
        final int n = codes.length;
        final int[] mem = p.usesScratch ? new int[BPF_MEMWORDS] : null;
        int a = 0;
        int x = 0;
        int pc = 0;
        while (true) {
            if (pc >= n) {
                throw new IllegalArgumentException(n == 0
                        ? "the program is empty"
                        : "execution reached index " + pc + ", past the last instruction, without a ret");
            }
            if (path != null) {
                path.add(pc);
            }
            int code = codes[pc];
            int k = ks[pc];
            switch (code) {
                case BPF_LD | BPF_W | BPF_ABS -> {
                    if (Integer.compareUnsigned(k, SECCOMP_DATA_SIZE) >= 0 || (k & 3) != 0) {
                        throw invalid(pc, code, "loads offset " + Integer.toUnsignedString(k)
                                + ", not a 4-aligned offset below 64");
                    }
                    a = d.wordUnchecked(k, le);
                }
                case BPF_LD | BPF_W | BPF_LEN -> a = SECCOMP_DATA_SIZE;
                case BPF_LDX | BPF_W | BPF_LEN -> x = SECCOMP_DATA_SIZE;
                case BPF_LD | BPF_IMM -> a = k;
                case BPF_LDX | BPF_IMM -> x = k;
                case BPF_LD | BPF_MEM -> a = mem[cell(pc, code, k)];
                case BPF_LDX | BPF_MEM -> x = mem[cell(pc, code, k)];
                case BPF_ST -> mem[cell(pc, code, k)] = a;
                case BPF_STX -> mem[cell(pc, code, k)] = x;
                case BPF_MISC | BPF_TAX -> x = a;
                case BPF_MISC | BPF_TXA -> a = x;
                case BPF_ALU | BPF_ADD | BPF_K -> a += k;
                case BPF_ALU | BPF_ADD | BPF_X -> a += x;
                case BPF_ALU | BPF_SUB | BPF_K -> a -= k;
                case BPF_ALU | BPF_SUB | BPF_X -> a -= x;
                case BPF_ALU | BPF_MUL | BPF_K -> a *= k;
                case BPF_ALU | BPF_MUL | BPF_X -> a *= x;
                case BPF_ALU | BPF_DIV | BPF_K -> {
                    if (k == 0) {
                        throw invalid(pc, code, "divides by the constant 0");
                    }
                    a = Integer.divideUnsigned(a, k);
                }
                case BPF_ALU | BPF_DIV | BPF_X -> {
                    if (x == 0) {
                        return 0;
                    }
                    a = Integer.divideUnsigned(a, x);
                }
                case BPF_ALU | BPF_OR | BPF_K -> a |= k;
                case BPF_ALU | BPF_OR | BPF_X -> a |= x;
                case BPF_ALU | BPF_AND | BPF_K -> a &= k;
                case BPF_ALU | BPF_AND | BPF_X -> a &= x;
                case BPF_ALU | BPF_XOR | BPF_K -> a ^= k;
                case BPF_ALU | BPF_XOR | BPF_X -> a ^= x;
                case BPF_ALU | BPF_LSH | BPF_K -> a <<= shiftConstant(pc, code, k);
                case BPF_ALU | BPF_LSH | BPF_X -> a <<= x; // Java masks the count to 5 bits, as the kernel does
                case BPF_ALU | BPF_RSH | BPF_K -> a >>>= shiftConstant(pc, code, k);
                case BPF_ALU | BPF_RSH | BPF_X -> a >>>= x;
                case BPF_ALU | BPF_NEG -> a = -a;
                case BPF_JMP | BPF_JA -> {
                    long target = pc + 1L + Integer.toUnsignedLong(k);
                    if (target >= n) {
                        throw invalid(pc, code, "jumps to " + target + ", past the end");
                    }
                    pc = (int) target;
                    continue;
                }
                case BPF_JMP | BPF_JEQ | BPF_K -> pc += a == k ? p.jts[pc] : p.jfs[pc];
                case BPF_JMP | BPF_JEQ | BPF_X -> pc += a == x ? p.jts[pc] : p.jfs[pc];
                case BPF_JMP | BPF_JGT | BPF_K -> pc += Integer.compareUnsigned(a, k) > 0 ? p.jts[pc] : p.jfs[pc];
                case BPF_JMP | BPF_JGT | BPF_X -> pc += Integer.compareUnsigned(a, x) > 0 ? p.jts[pc] : p.jfs[pc];
                case BPF_JMP | BPF_JGE | BPF_K -> pc += Integer.compareUnsigned(a, k) >= 0 ? p.jts[pc] : p.jfs[pc];
                case BPF_JMP | BPF_JGE | BPF_X -> pc += Integer.compareUnsigned(a, x) >= 0 ? p.jts[pc] : p.jfs[pc];
                case BPF_JMP | BPF_JSET | BPF_K -> pc += (a & k) != 0 ? p.jts[pc] : p.jfs[pc];
                case BPF_JMP | BPF_JSET | BPF_X -> pc += (a & x) != 0 ? p.jts[pc] : p.jfs[pc];
                case BPF_RET | BPF_K -> {
                    return k;
                }
                case BPF_RET | BPF_A -> {
                    return a;
                }
                default -> throw invalid(pc, code, "is not an instruction seccomp accepts");
            }
            pc++;
        }
    }

    private static int cell(int pc, int code, int k) {
        if (Integer.compareUnsigned(k, BPF_MEMWORDS) >= 0) {
            throw invalid(pc, code, "uses scratch cell " + Integer.toUnsignedString(k) + ", beyond M[15]");
        }
        return k;
    }

    private static int shiftConstant(int pc, int code, int k) {
        if (Integer.compareUnsigned(k, 32) >= 0) {
            throw invalid(pc, code, "shifts by the constant " + Integer.toUnsignedString(k) + ", 32 or more");
        }
        return k;
    }

    private static IllegalArgumentException invalid(int pc, int code, String why) {
        return new IllegalArgumentException(String.format(
                "instruction %d (code 0x%02x) %s; the kernel would reject this filter", pc, code, why));
    }

    /** A growable int list; the emulator's only allocation when it records a path. */
    private static final class Path {
        private int[] items;
        private int size;

        Path(int capacity) {
            items = new int[Math.max(capacity, 4)];
        }

        void add(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
