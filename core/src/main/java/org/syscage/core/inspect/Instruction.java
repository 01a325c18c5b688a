package org.syscage.core.inspect;

import java.util.List;
import org.syscage.core.InputException;
import org.syscage.core.bpf.Insn;

/**
 * A classic-BPF instruction decoded the way seccomp-tools reads it: only the bits that matter to
 * seccomp are looked at (a load's size bits, a statement's jt/jf are ignored), and what seccomp
 * cannot run (indirect loads, BPF_MOD, unknown jumps) is refused with seccomp-tools' reason.
 */
public sealed interface Instruction {

    enum Reg { A, X }

    /** What a load reads. */
    sealed interface Source {}

    /** An immediate, {@code BPF_IMM}. */
    record Imm(int k) implements Source {}

    /** {@code BPF_LEN}: the size of {@code struct seccomp_data}, 64. */
    record Len() implements Source {}

    /** A scratch slot, {@code BPF_MEM}. */
    record Mem(int index) implements Source {}

    /** A word of {@code struct seccomp_data} at a byte offset, {@code BPF_ABS}. */
    record Data(int offset) implements Source {}

    /** {@code ld}/{@code ldx}. */
    record Load(Reg dst, Source src) implements Instruction {}

    /** {@code st}/{@code stx}: {@code mem[index] = src}. */
    record Store(Reg src, int index) implements Instruction {}

    enum AluOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), OR("|"), AND("&"), LSH("<<"), RSH(">>"), NEG("-"), XOR("^");

        final String symbol;

        AluOp(String symbol) {
            this.symbol = symbol;
        }
    }

    /** {@code A op= K|X}; for NEG the operand is unused. */
    record Alu(AluOp op, boolean fromX, int k) implements Instruction {}

    /** {@code BPF_JA}: always to {@code line + 1 + offset}. */
    record Jump(int offset) implements Instruction {}

    enum CmpOp {
        EQ("=="), GT(">"), GE(">="), SET("&");

        final String symbol;

        CmpOp(String symbol) {
            this.symbol = symbol;
        }
    }

    /** A conditional jump comparing A with K or X. */
    record Branch(CmpOp op, boolean againstX, int k, int jt, int jf) implements Instruction {}

    /** {@code ret}: the constant K, or A. */
    record Return(boolean fromA, int k) implements Instruction {}

    /** {@code tax} ({@code X = A}, dst X) or {@code txa} ({@code A = X}, dst A). */
    record Move(Reg dst) implements Instruction {}

    /** Decodes instruction number {@code line}; throws when seccomp-tools would call it invalid. */
    static Instruction decode(Insn insn, int line) {
        int code = insn.code();
        int k = insn.k();
        return switch (code & 0x07) {
            case 0x00, 0x01 -> new Load(code % 2 == 0 ? Reg.A : Reg.X, source(code, k, line));
            case 0x02, 0x03 -> new Store(code % 2 == 0 ? Reg.A : Reg.X, k);
            case 0x04 -> alu(code, k, line);
            case 0x05 -> jump(insn, line);
            case 0x06 -> new Return((code & 0x18) == 0x10, k);
            default -> switch (code & 0xf8) {
                case 0x00 -> new Move(Reg.X);
                case 0x80 -> new Move(Reg.A);
                default -> throw invalid(line, insn, "MISC operation only supports txa/tax");
            };
        };
    }

    private static Source source(int code, int k, int line) {
        return switch (code & 0xe0) {
            case 0x00 -> new Imm(k);
            case 0x20 -> new Data(k);
            case 0x60 -> new Mem(k);
            case 0x80 -> new Len();
            default -> throw invalid(line, Insn.stmt(code, k), "unknown");
        };
    }

    private static Instruction alu(int code, int k, int line) {
        AluOp op = switch (code & 0xf0) {
            case 0x00 -> AluOp.ADD;
            case 0x10 -> AluOp.SUB;
            case 0x20 -> AluOp.MUL;
            case 0x30 -> AluOp.DIV;
            case 0x40 -> AluOp.OR;
            case 0x50 -> AluOp.AND;
            case 0x60 -> AluOp.LSH;
            case 0x70 -> AluOp.RSH;
            case 0x80 -> AluOp.NEG;
            case 0xa0 -> AluOp.XOR;
            default -> throw invalid(line, Insn.stmt(code, k), "unknown op");
        };
        return new Alu(op, (code & 0x08) != 0, k);
    }

    private static Instruction jump(Insn insn, int line) {
        int code = insn.code();
        CmpOp op = switch (code & 0x70) {
            case 0x00 -> null;
            case 0x10 -> CmpOp.EQ;
            case 0x20 -> CmpOp.GT;
            case 0x30 -> CmpOp.GE;
            case 0x40 -> CmpOp.SET;
            default -> throw invalid(line, insn, "unknown jmp type");
        };
        if (op == null) {
            return new Jump(insn.k());
        }
        return new Branch(op, (code & 0x08) != 0, insn.k(), insn.jt(), insn.jf());
    }

    private static InputException invalid(int line, Insn insn, String why) {
        return new InputException(String.format("instruction %04d (code 0x%02x) is invalid: %s", line, insn.code(), why));
    }

    /** The instructions that may run next (empty after a return); offsets beyond the program are kept. */
    static List<Long> successors(Instruction in, int line) {
        long next = line + 1L;
        return switch (in) {
            case Return r -> List.of();
            case Jump j -> List.of(next + Integer.toUnsignedLong(j.offset()));
            case Branch b -> b.jt() == b.jf() ? List.of(next + b.jt()) : List.of(next + b.jt(), next + b.jf());
            default -> List.of(next);
        };
    }
}
