package org.syscage.core.bpf;

import static org.syscage.core.bpf.Bpf.*;

import java.util.Locale;

/**
 * A plain, arch-neutral text form of instructions, for messages, test failures and
 * {@link BpfProgram#toString()}:
 * <pre>
 * 0004: 0x15 0x00 0x01 0x0000003b  jeq #59, 0005, 0006
 * </pre>
 * Index, the four raw fields, then a bpf_asm-like mnemonic with absolute jump targets. Small
 * constants print in decimal, large ones in hex; return values add their action name.
 * (The seccomp-tools compatible disassembly, with syscall names, is a different thing.)
 */
public final class BpfText {
    private BpfText() {
    }

    /** One instruction as a line (no newline). */
    public static String line(int index, Insn insn) {
        return String.format(Locale.ROOT, "%04d: 0x%02x 0x%02x 0x%02x 0x%08x  %s",
                index, insn.code(), insn.jt(), insn.jf(), insn.k(), mnemonic(index, insn));
    }

    /** Every instruction, one line each, each ending in a newline. */
    public static String render(BpfProgram p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.size(); i++) {
            sb.append(line(i, p.get(i))).append('\n');
        }
        return sb.toString();
    }

    /** The instruction without the raw fields, e.g. {@code jeq #59, 0005, 0006}. */
    public static String mnemonic(int index, Insn in) {
        int code = in.code();
        int k = in.k();
        return switch (code) {
            case BPF_LD | BPF_W | BPF_ABS -> "ld [" + Integer.toUnsignedString(k) + "]";
            case BPF_LD | BPF_H | BPF_ABS -> "ldh [" + Integer.toUnsignedString(k) + "]";
            case BPF_LD | BPF_B | BPF_ABS -> "ldb [" + Integer.toUnsignedString(k) + "]";
            case BPF_LD | BPF_W | BPF_IND -> "ld [x + " + Integer.toUnsignedString(k) + "]";
            case BPF_LD | BPF_H | BPF_IND -> "ldh [x + " + Integer.toUnsignedString(k) + "]";
            case BPF_LD | BPF_B | BPF_IND -> "ldb [x + " + Integer.toUnsignedString(k) + "]";
            case BPF_LDX | BPF_B | BPF_MSH -> "ldxb 4*([" + Integer.toUnsignedString(k) + "]&0xf)";
            case BPF_LD | BPF_W | BPF_LEN -> "ld #len";
            case BPF_LDX | BPF_W | BPF_LEN -> "ldx #len";
            case BPF_LD | BPF_IMM -> "ld " + constant(k);
            case BPF_LDX | BPF_IMM -> "ldx " + constant(k);
            case BPF_LD | BPF_MEM -> "ld M[" + Integer.toUnsignedString(k) + "]";
            case BPF_LDX | BPF_MEM -> "ldx M[" + Integer.toUnsignedString(k) + "]";
            case BPF_ST -> "st M[" + Integer.toUnsignedString(k) + "]";
            case BPF_STX -> "stx M[" + Integer.toUnsignedString(k) + "]";
            case BPF_MISC | BPF_TAX -> "tax";
            case BPF_MISC | BPF_TXA -> "txa";
            case BPF_ALU | BPF_NEG -> "neg";
            case BPF_RET | BPF_K -> "ret " + constant(k) + " ; " + Bpf.describeReturn(k);
            case BPF_RET | BPF_A -> "ret a";
            case BPF_JMP | BPF_JA -> "ja " + target(index + 1L + Integer.toUnsignedLong(k));
            default -> switch (bpfClass(code)) {
                case BPF_ALU -> aluName(code) == null ? unknown(code)
                        : aluName(code) + " " + operand(code, k);
                case BPF_JMP -> jumpName(code) == null ? unknown(code)
                        : jumpName(code) + " " + operand(code, k) + ", " + target(index + 1L + in.jt())
                                + ", " + target(index + 1L + in.jf());
                default -> unknown(code);
            };
        };
    }

    /**
     * The kernel's symbolic spelling of an opcode, e.g. {@code BPF_JMP|BPF_JEQ|BPF_K}; hex for
     * bit patterns that are no instruction.
     */
    public static String opcodeName(int code) {
        String src = bpfSrc(code) == BPF_X ? "BPF_X" : "BPF_K";
        String name = switch (bpfClass(code)) {
            case BPF_LD, BPF_LDX -> {
                String cls = bpfClass(code) == BPF_LD ? "BPF_LD" : "BPF_LDX";
                String size = switch (bpfSize(code)) {
                    case BPF_W -> "BPF_W";
                    case BPF_H -> "BPF_H";
                    case BPF_B -> "BPF_B";
                    default -> null;
                };
                String mode = switch (bpfMode(code)) {
                    case BPF_IMM -> "BPF_IMM";
                    case BPF_ABS -> "BPF_ABS";
                    case BPF_IND -> "BPF_IND";
                    case BPF_MEM -> "BPF_MEM";
                    case BPF_LEN -> "BPF_LEN";
                    case BPF_MSH -> "BPF_MSH";
                    default -> null;
                };
                if (size == null || mode == null) {
                    yield null;
                }
                boolean sized = bpfMode(code) != BPF_IMM && bpfMode(code) != BPF_MEM || bpfSize(code) != BPF_W;
                yield cls + (sized ? "|" + size : "") + "|" + mode;
            }
            case BPF_ST -> code == BPF_ST ? "BPF_ST" : null;
            case BPF_STX -> code == BPF_STX ? "BPF_STX" : null;
            case BPF_ALU -> {
                String op = aluName(code);
                if (op == null) {
                    yield null;
                }
                String opName = "BPF_" + op.toUpperCase(Locale.ROOT);
                yield bpfOp(code) == BPF_NEG ? "BPF_ALU|" + opName : "BPF_ALU|" + opName + "|" + src;
            }
            case BPF_JMP -> {
                if (bpfOp(code) == BPF_JA) {
                    yield code == (BPF_JMP | BPF_JA) ? "BPF_JMP|BPF_JA" : null;
                }
                String op = jumpName(code);
                yield op == null ? null : "BPF_JMP|BPF_" + op.toUpperCase(Locale.ROOT) + "|" + src;
            }
            case BPF_RET -> (code & 0xe0) != 0 ? null : switch (bpfRval(code)) {
                case BPF_K -> "BPF_RET|BPF_K";
                case BPF_A -> "BPF_RET|BPF_A";
                case BPF_X -> "BPF_RET|BPF_X";
                default -> null;
            };
            default -> switch (bpfMiscOp(code)) {
                case BPF_TAX -> "BPF_MISC|BPF_TAX";
                case BPF_TXA -> "BPF_MISC|BPF_TXA";
                default -> null;
            };
        };
        return name != null ? name : String.format("0x%02x", code);
    }

    /** The operation of an ALU instruction ({@code add}, {@code and}, {@code neg}...), or null for none. */
    public static String aluName(int code) {
        return switch (bpfOp(code)) {
            case BPF_ADD -> "add";
            case BPF_SUB -> "sub";
            case BPF_MUL -> "mul";
            case BPF_DIV -> "div";
            case BPF_OR -> "or";
            case BPF_AND -> "and";
            case BPF_LSH -> "lsh";
            case BPF_RSH -> "rsh";
            case BPF_NEG -> "neg";
            case BPF_MOD -> "mod";
            case BPF_XOR -> "xor";
            default -> null;
        };
    }

    private static String jumpName(int code) {
        return switch (bpfOp(code)) {
            case BPF_JEQ -> "jeq";
            case BPF_JGT -> "jgt";
            case BPF_JGE -> "jge";
            case BPF_JSET -> "jset";
            default -> null;
        };
    }

    private static String operand(int code, int k) {
        return bpfSrc(code) == BPF_X ? "x" : constant(k);
    }

    /** Decimal below 4096 (syscall numbers, errnos), hex above (masks, actions, arch values). */
    private static String constant(int k) {
        return Integer.compareUnsigned(k, 0x1000) < 0 ? "#" + k : "#0x" + Integer.toHexString(k);
    }

    private static String target(long index) {
        return String.format(Locale.ROOT, "%04d", index);
    }

    private static String unknown(int code) {
        return String.format("unknown opcode 0x%02x", code);
    }
}
