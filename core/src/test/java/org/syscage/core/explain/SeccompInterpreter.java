package org.syscage.core.explain;

import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

/**
 * Runs a classic-BPF seccomp program on one {@code struct seccomp_data}, for differential tests of
 * the rule-level model against the programs libseccomp builds. Little-endian arches only, and
 * only the instructions libseccomp emits. (A test stand-in: the BPF emulator of
 * org.syscage.core.bpf replaces it once that package is merged.)
 */
final class SeccompInterpreter {
    private SeccompInterpreter() {}

    /** The filter's return value for syscall {@code nr} of {@code arch} with these arguments. */
    static int run(List<Insn> program, Arch arch, int nr, long[] args) {
        if (!arch.littleEndian()) {
            throw new IllegalArgumentException("little-endian arches only");
        }
        int[] data = new int[16];
        data[0] = nr;
        data[1] = arch.auditArch();
        for (int i = 0; i < 6; i++) {
            long a = i < args.length ? args[i] : 0;
            data[4 + 2 * i] = (int) a;
            data[5 + 2 * i] = (int) (a >>> 32);
        }
        int[] mem = new int[16];
        int acc = 0;
        int x = 0;
        int pc = 0;
        for (int steps = 0; steps < 100_000; steps++) {
            Insn in = program.get(pc++);
            int k = in.k();
            switch (in.code()) {
                case 0x20 -> acc = data[k / 4];          // ld [k]
                case 0x00 -> acc = k;                    // ld #k
                case 0x01 -> x = k;                      // ldx #k
                case 0x60 -> acc = mem[k];               // ld M[k]
                case 0x61 -> x = mem[k];                 // ldx M[k]
                case 0x02 -> mem[k] = acc;               // st M[k]
                case 0x03 -> mem[k] = x;                 // stx M[k]
                case 0x54 -> acc &= k;                   // and #k
                case 0x44 -> acc |= k;                   // or #k
                case 0x07 -> x = acc;                    // tax
                case 0x87 -> acc = x;                    // txa
                case 0x05 -> pc += k;                    // ja
                case 0x15 -> pc += acc == k ? in.jt() : in.jf();
                case 0x25 -> pc += Integer.compareUnsigned(acc, k) > 0 ? in.jt() : in.jf();
                case 0x35 -> pc += Integer.compareUnsigned(acc, k) >= 0 ? in.jt() : in.jf();
                case 0x45 -> pc += (acc & k) != 0 ? in.jt() : in.jf();
                case 0x06 -> { return k; }               // ret #k
                case 0x16 -> { return acc; }             // ret a
                default -> throw new IllegalStateException("opcode 0x" + Integer.toHexString(in.code())
                        + " at " + (pc - 1) + " is not one libseccomp emits");
            }
        }
        throw new IllegalStateException("program did not return");
    }
}
