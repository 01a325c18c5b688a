package org.syscage.core.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.Verifier;
import org.syscage.core.inspect.AsmLexer.Token;
import org.syscage.core.inspect.AsmParser.AluBody;
import org.syscage.core.inspect.AsmParser.AssignBody;
import org.syscage.core.inspect.AsmParser.Body;
import org.syscage.core.inspect.AsmParser.Const;
import org.syscage.core.inspect.AsmParser.DataWord;
import org.syscage.core.inspect.AsmParser.IfBody;
import org.syscage.core.inspect.AsmParser.LenValue;
import org.syscage.core.inspect.AsmParser.MemSlot;
import org.syscage.core.inspect.AsmParser.Negated;
import org.syscage.core.inspect.AsmParser.Operand;
import org.syscage.core.inspect.AsmParser.RegA;
import org.syscage.core.inspect.AsmParser.RegX;
import org.syscage.core.inspect.AsmParser.ReturnBody;
import org.syscage.core.inspect.AsmParser.Statement;
import org.syscage.core.inspect.AsmParser.Target;

/**
 * seccomp-tools' assembly language to classic BPF, producing the bytes seccomp-tools' {@code asm}
 * produces for the same text:
 * <pre>
 * # allow write and close on x86_64, ERRNO(5) otherwise
 * A = arch
 * A == ARCH_X86_64 ? next : dead
 * A = sys_number
 * if (A == write) goto ok
 * if (A == close) goto ok
 * return ERRNO(5)
 * ok:
 * return ALLOW
 * dead: return KILL
 * </pre>
 * Jumps go forward only. A jump target is a label, {@code next}, or a plain number n that skips n
 * statements; a label wins over a number, so the {@code 0011:} line labels of
 * {@code disasm --asm-able} output are jump targets. A conditional jump whose two targets are the
 * same, and every {@code goto}, becomes {@code BPF_JA}. Errors name file, line and column.
 */
public final class Assembler {
    private Assembler() {}

    /** The largest distance a conditional jump's 8-bit offset holds. */
    private static final int MAX_CONDITIONAL = 255;

    /**
     * Assembles {@code source}; {@code file} names it in error messages, {@code arch} decides
     * which syscall names are known (others as {@code <arch>.<name>}) and the byte order of
     * 64-bit arguments.
     */
    public static List<Insn> assemble(String source, String file, Arch arch) {
        AsmParser parser = parser(source, file, arch);
        return translate(parser.parse(), parser);
    }

    /**
     * Like {@link #assemble}, then the kernel's own checks ({@link Verifier}): a filter the kernel
     * would refuse with EINVAL (a read of a scratch cell not written on every path, a last
     * instruction that is not a return, an empty program...) is an {@link InputException} naming
     * file:line:column of the statement behind the first problem. seccomp-tools assembles such
     * text without a word; the kernel then refuses it with only "Invalid argument".
     */
    public static List<Insn> assembleForKernel(String source, String file, Arch arch) {
        AsmParser parser = parser(source, file, arch);
        List<Statement> statements = parser.parse();
        List<Insn> program = translate(statements, parser);
        List<Verifier.Problem> problems = Verifier.problems(BpfProgram.of(program));
        if (problems.isEmpty()) {
            return program;
        }
        Verifier.Problem first = problems.getFirst();
        String message = "the kernel would refuse this filter: " + first
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        throw first.index() < 0 ? new InputException(file + ": " + message)
                : parser.error(statements.get(first.index()).first(), message);
    }

    private static AsmParser parser(String source, String file, Arch arch) {
        Objects.requireNonNull(arch, "arch");
        return new AsmParser(new AsmLexer(source, arch).tokens(), file, arch);
    }

    private static List<Insn> translate(List<Statement> statements, AsmParser parser) {
        Map<String, Integer> labels = labels(statements, parser);
        List<Insn> out = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            out.add(emit(statements.get(i).body(), i, labels, parser));
        }
        return List.copyOf(out);
    }

    private static Map<String, Integer> labels(List<Statement> statements, AsmParser parser) {
        Map<String, Integer> labels = new HashMap<>();
        Map<String, Token> where = new HashMap<>();
        for (int i = 0; i < statements.size(); i++) {
            for (Token label : statements.get(i).labels()) {
                Token previous = where.get(label.text());
                if (previous != null && labels.get(label.text()) != i) {
                    throw parser.error(label, "duplicate label '" + label.text() + "', previously defined at "
                            + (previous.line() + 1) + ":" + (previous.column() + 1));
                }
                labels.put(label.text(), i);
                where.putIfAbsent(label.text(), label);
            }
        }
        return labels;
    }

    private static Insn emit(Body body, int index, Map<String, Integer> labels, AsmParser parser) {
        return switch (body) {
            case AluBody a -> alu(a);
            case AssignBody a -> assign(a);
            case ReturnBody r -> r.value() instanceof RegA ? Insn.stmt(0x16, 0) : Insn.stmt(0x06, constant(r.value()));
            case IfBody j -> jump(j, index, labels, parser);
        };
    }

    private static Insn alu(AluBody a) {
        int op = switch (a.op()) {
            case "+" -> 0x00;
            case "-" -> 0x10;
            case "*" -> 0x20;
            case "/" -> 0x30;
            case "|" -> 0x40;
            case "&" -> 0x50;
            case "<<" -> 0x60;
            case ">>" -> 0x70;
            case "^" -> 0xa0;
            default -> throw new IllegalStateException("operator " + a.op());
        };
        return a.src() instanceof RegX ? Insn.stmt(0x04 | op | 0x08, 0) : Insn.stmt(0x04 | op, constant(a.src()));
    }

    private static Insn assign(AssignBody a) {
        return switch (a.dst()) {
            case MemSlot m -> Insn.stmt(a.src() instanceof RegX ? 0x03 : 0x02, m.index());
            case RegX x when a.src() instanceof RegA -> Insn.stmt(0x07, 0);
            case RegA x when a.src() instanceof RegX -> Insn.stmt(0x87, 0);
            case RegA x when a.src() instanceof Negated -> Insn.stmt(0x84, 0);
            default -> load(a.dst() instanceof RegX ? 0x01 : 0x00, a.src());
        };
    }

    private static Insn load(int cls, Operand src) {
        return switch (src) {
            case LenValue l -> Insn.stmt(cls | 0x80, 0);
            case MemSlot m -> Insn.stmt(cls | 0x60, m.index());
            case DataWord d -> Insn.stmt(cls | 0x20, d.offset());
            case Const c -> Insn.stmt(cls, c.value());
            default -> throw new IllegalStateException("cannot load " + src);
        };
    }

    private static Insn jump(IfBody j, int index, Map<String, Integer> labels, AsmParser parser) {
        int toTrue = offset(j.jt(), index, labels, parser);
        int toFalse = offset(j.jf(), index, labels, parser);
        if (j.cmp() == null || toTrue == toFalse) {
            return Insn.stmt(0x05, toTrue);
        }
        checkReach(j.jt(), toTrue, parser);
        checkReach(j.jf(), toFalse, parser);
        // BPF has only == > >= &; != <= < are those with the targets swapped
        boolean swap = j.cmp().equals("!=") || j.cmp().equals("<=") || j.cmp().equals("<");
        int op = switch (j.cmp()) {
            case "==", "!=" -> 0x10;
            case ">", "<=" -> 0x20;
            case ">=", "<" -> 0x30;
            case "&" -> 0x40;
            default -> throw new IllegalStateException("comparison " + j.cmp());
        };
        boolean againstX = j.rhs() instanceof RegX;
        return new Insn(0x05 | op | (againstX ? 0x08 : 0), swap ? toFalse : toTrue, swap ? toTrue : toFalse,
                againstX ? 0 : constant(j.rhs()));
    }

    private static void checkReach(Target target, int distance, AsmParser parser) {
        if (Integer.toUnsignedLong(distance) > MAX_CONDITIONAL) {
            throw parser.error(target.token().orElseThrow(), "jump to '" + target.token().orElseThrow().text()
                    + "' skips " + Integer.toUnsignedString(distance) + " instructions, more than the "
                    + MAX_CONDITIONAL + " a conditional jump can");
        }
    }

    /** How many statements a jump from {@code index} to {@code target} skips. */
    private static int offset(Target target, int index, Map<String, Integer> labels, AsmParser parser) {
        if (target.token().isEmpty()) {
            return 0;
        }
        Token t = target.token().get();
        String name = t.text();
        if (name.equals("next")) {
            return 0;
        }
        Integer at = labels.get(name);
        if (at == null) {
            // "goto 2" skips two statements; only a plain decimal number counts ("0011" is a label name)
            if (name.matches("0|[1-9][0-9]*")) {
                try {
                    return Integer.parseUnsignedInt(name);
                } catch (NumberFormatException e) {
                    throw parser.error(t, "jump distance " + name + " is out of range");
                }
            }
            throw parser.error(t, "Cannot find label '" + name + "'");
        }
        if (at <= index) {
            throw parser.error(t, "Does not support backward jumping to '" + name + "'");
        }
        return at - index - 1;
    }

    private static int constant(Operand o) {
        if (o instanceof Const c) {
            return c.value();
        }
        throw new InputException("expected a constant, got " + o);
    }
}
