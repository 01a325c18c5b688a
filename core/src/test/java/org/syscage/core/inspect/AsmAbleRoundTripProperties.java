package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

/**
 * {@code asm(disasm --asm-able(f)) == f} for every filter made of canonical instructions: the
 * forms seccomp accepts with no stray bits (a statement's jt/jf are 0, an X operand's K is 0, a
 * conditional jump's two targets differ) — exactly what the assembler can produce.
 */
class AsmAbleRoundTripProperties {

    private static final List<Arch> ARCHES = List.of(Arch.X86_64, Arch.X86, Arch.AARCH64, Arch.RISCV64, Arch.S390X,
            Arch.ARM, Arch.MIPS, Arch.PPC64LE);
    private static final int[] ALU_OPS = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0};
    private static final int[] JUMP_OPS = {0x10, 0x20, 0x30, 0x40};
    /** Values that make the disassembler print names: syscall numbers, arch words, action values. */
    private static final List<Integer> INTERESTING = List.of(0, 1, 2, 59, 231, 0x40000000, 0x40000001, 0xc000003e,
            0x40000003, 0xc00000b7, 0x80000016, 0xc00000f3, 0x7fff0000, 0x00050001, 0x7ff00005, 0x80000000, 0x7fc00000,
            0xffffffff);

    @Property(tries = 400)
    void asmAbleReassemblesToTheSameBytes(@ForAll("programs") Sample sample) {
        String text = Disassembler.disassemble(sample.program(), DisasmOptions.asmAble(sample.arch()));
        assertEquals(sample.program(), Assembler.assemble(text, "generated", sample.arch()), text);
    }

    record Sample(Arch arch, List<Insn> program) {}

    @Provide
    Arbitrary<Sample> programs() {
        Arbitrary<int[]> seed = Combinators.combine(Arbitraries.integers().between(0, 13),
                Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(INTERESTING)),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000))
                .as((a, b, c, d) -> new int[] {a, b, c, d});
        return Combinators.combine(Arbitraries.of(ARCHES), seed.list().ofMinSize(1).ofMaxSize(40))
                .as((arch, seeds) -> new Sample(arch, build(seeds)));
    }

    private static List<Insn> build(List<int[]> seeds) {
        int n = seeds.size();
        List<Insn> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(instruction(seeds.get(i), n - i - 1));
        }
        return out;
    }

    /** A canonical instruction from a seed; {@code remaining} instructions follow it. */
    private static Insn instruction(int[] s, int remaining) {
        int kind = s[0];
        int k = s[1];
        int small = Math.floorMod(k, 16);
        boolean x = s[2] % 2 == 1;
        return switch (kind) {
            case 0 -> Insn.stmt(x ? 0x01 : 0x00, k);
            case 1 -> Insn.stmt(0x20, small * 4);
            case 2 -> Insn.stmt(x ? 0x61 : 0x60, small);
            case 3 -> Insn.stmt(x ? 0x81 : 0x80, 0);
            case 4 -> Insn.stmt(x ? 0x03 : 0x02, small);
            case 5 -> Insn.stmt(0x04 | ALU_OPS[Math.floorMod(k, ALU_OPS.length)], k);
            case 6 -> Insn.stmt(0x0c | ALU_OPS[s[3] % ALU_OPS.length], 0);
            case 7 -> Insn.stmt(0x84, 0);
            case 8 -> Insn.stmt(x ? 0x87 : 0x07, 0);
            case 9 -> Insn.stmt(0x16, 0);
            case 10 -> remaining == 0 ? Insn.stmt(0x06, k) : Insn.stmt(0x05, s[3] % remaining);
            case 11, 12 -> conditional(s, remaining);
            default -> Insn.stmt(0x06, k);
        };
    }

    private static Insn conditional(int[] s, int remaining) {
        int reach = Math.min(remaining, 256);
        if (reach < 2) {
            return Insn.stmt(0x06, s[1]);
        }
        int jt = s[2] % reach;
        int jf = s[3] % reach;
        if (jt == jf) {
            jf = (jt + 1) % reach;
        }
        boolean againstX = s[0] == 12 && s[1] % 3 == 0;
        int op = JUMP_OPS[Math.floorMod(s[1] >> 3, JUMP_OPS.length)];
        return new Insn(0x05 | op | (againstX ? 0x08 : 0), jt, jf, againstX ? 0 : s[1]);
    }
}
