package org.syscage.core.decompile;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.List;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.BpfText;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.inspect.DisasmOptions;
import org.syscage.core.inspect.Disassembler;

/**
 * Puts a path of a filter in words for a person: its instructions, as the disassembler writes
 * them, and for a path that leaves what a profile can say, what exactly the instruction where it
 * leaves works on (which input words, after which arithmetic).
 */
final class PathExplainer {
    private final BpfProgram program;
    private final boolean littleEndian;
    private final List<String> statements;

    PathExplainer(BpfProgram program, Arch arch) {
        this.program = program;
        this.littleEndian = arch.littleEndian();
        this.statements = Disassembler.statements(program.instructions(), DisasmOptions.of(arch).withInferArgs(false));
    }

    /** The instructions the input runs, up to and including {@code last} (or to the end when -1). */
    List<Integer> path(SeccompData input, int last) {
        int[] all = Emulator.run(program, input, littleEndian).path();
        List<Integer> out = new ArrayList<>();
        for (int i : all) {
            out.add(i);
            if (i == last) {
                break;
            }
        }
        return out;
    }

    /** "NNNN: statement" lines of a path. */
    List<String> lines(List<Integer> path) {
        return path.stream().map(i -> String.format("%04d: %s", i, statements.get(i))).toList();
    }

    /** One line: what instruction {@code pc}, reached along {@code path}, works on and why a profile cannot. */
    String whyOutside(List<Integer> path) {
        String[] mem = new String[BPF_MEMWORDS];
        String a = null;
        String x = null;
        int pc = path.getLast();
        for (int i : path) {
            Insn in = program.get(i);
            int code = in.code();
            int k = in.k();
            if (i == pc) {
                break;
            }
            switch (bpfClass(code)) {
                case BPF_LD -> a = bpfMode(code) == BPF_ABS ? fieldName(k, littleEndian)
                        : bpfMode(code) == BPF_MEM ? mem[k] : null;
                case BPF_LDX -> x = bpfMode(code) == BPF_MEM ? mem[k] : null;
                case BPF_ST -> mem[k] = a;
                case BPF_STX -> mem[k] = x;
                case BPF_MISC -> {
                    if (bpfMiscOp(code) == BPF_TAX) {
                        x = a;
                    } else {
                        a = x;
                    }
                }
                case BPF_ALU -> {
                    String operand = bpfSrc(code) == BPF_X ? x : null;
                    if (a == null && operand == null) {
                        break;
                    }
                    boolean plainMask = bpfOp(code) == BPF_AND && bpfSrc(code) == BPF_K;
                    if (!plainMask) {
                        String from = a == null ? operand : operand == null ? a : a + " and " + operand;
                        a = from + " after " + aluName(code) + " at " + String.format("%04d", i);
                    }
                }
                default -> {
                }
            }
        }
        Insn at = program.get(pc);
        int code = at.code();
        String where = String.format("instruction %04d ", pc);
        if (bpfClass(code) == BPF_RET) {
            return where + "returns A, computed from " + a + ": a profile returns constant actions only";
        }
        if (bpfClass(code) == BPF_ALU) {
            return where + "divides by X, computed from " + x + ": a profile cannot divide";
        }
        if (bpfSrc(code) == BPF_X && a != null && x != null && !a.contains(" after ") && !x.contains(" after ")) {
            return where + "compares " + a + " with " + x + ": a profile compares an argument with constants only";
        }
        String value = a != null ? a : x;
        return where + "compares " + value + " with " + (bpfSrc(code) == BPF_X && a != null && x != null ? x : "a constant")
                + ": a profile compares an argument itself (or masked by AND) with constants only";
    }

    private static String aluName(int code) {
        String name = BpfText.aluName(code);
        return name != null ? name : String.format("ALU 0x%02x", code);
    }
}
