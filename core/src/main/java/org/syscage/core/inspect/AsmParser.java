package org.syscage.core.inspect;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.inspect.AsmLexer.Kind;
import org.syscage.core.inspect.AsmLexer.Token;

/**
 * seccomp-tools' assembly grammar ({@code sasm.y}) as a recursive-descent parser. A program is
 * statements, each optionally preceded by labels, separated by newlines (which may also appear
 * inside an {@code if (...)}, after {@code A +=}, and around {@code else}):
 * <pre>
 * A op= X|const          A = X|const|args[i]|args_h[i]|args[i] >> 32|sys_number|arch|data[i]|
 * A = -A                      instruction_pointer[ >> 32]|mem[i]|len
 * X = A|const|mem[i]|len mem[i] = A|X
 * if (A cmp X|const) goto L [else goto L]      if (!(A cmp ...)) ...      A cmp X|const ? L : L
 * goto L    jmp L    jump L                     return A|ACTION|ACTION(const)|const
 * </pre>
 * where L is a label, {@code next}, or a number n meaning "skip n instructions".
 */
final class AsmParser {

    /** A value in a statement. */
    sealed interface Operand {}

    record RegA() implements Operand {}

    record RegX() implements Operand {}

    record Const(int value) implements Operand {}

    record MemSlot(int index) implements Operand {}

    /** A word of seccomp_data, by byte offset. */
    record DataWord(int offset) implements Operand {}

    record LenValue() implements Operand {}

    /** The right side of {@code A = -A}. */
    record Negated() implements Operand {}

    /** Where a jump goes: a label or number token, or the next statement. */
    record Target(Optional<Token> token) {
        static final Target NEXT = new Target(Optional.empty());
    }

    sealed interface Body {}

    /** {@code A op= src}; op is +, -, *, /, |, &, <<, >>, ^. */
    record AluBody(String op, Operand src) implements Body {}

    record AssignBody(Operand dst, Operand src) implements Body {}

    /** A jump: {@code cmp} is null for an unconditional one. */
    record IfBody(String cmp, Operand rhs, Target jt, Target jf) implements Body {}

    record ReturnBody(Operand value) implements Body {}

    record Statement(List<Token> labels, Body body, Token first) {}

    private final List<Token> tokens;
    private final String file;
    private final Arch arch;
    private int pos;

    AsmParser(List<Token> tokens, String file, Arch arch) {
        this.tokens = tokens;
        this.file = file;
        this.arch = arch;
    }

    List<Statement> parse() {
        for (Token t : tokens) {
            if (t.kind() == Kind.UNKNOWN) {
                throw error(t, "unknown token \"" + t.text() + "\"");
            }
        }
        List<Statement> out = new ArrayList<>();
        while (peek() != null) {
            out.add(statement());
            skipNewlines();
        }
        return out;
    }

    private Statement statement() {
        List<Token> labels = new ArrayList<>();
        while (peek() != null && peek().kind() == Kind.LABEL) {
            Token label = next();
            if (label.text().equals("next")) {
                throw error(label, "'next' is a reserved label");
            }
            labels.add(label);
            if (peekAt(1) == null && peek() != null && peek().kind() == Kind.NEWLINE) {
                // a label must label a statement; seccomp-tools reports the line end after it
                throw unexpected(peek());
            }
            skipNewlines();
        }
        Token first = peek();
        if (first == null) {
            throw unexpected(null);
        }
        return new Statement(List.copyOf(labels), body(), first);
    }

    private Body body() {
        Token t = peek();
        if (t.isKeyword("a")) {
            Token after = peekAt(1);
            if (after != null && (after.kind() == Kind.ALU_OP || after.is(Kind.PUNCT, "&"))
                    && peekAt(2) != null && peekAt(2).is(Kind.PUNCT, "=")) {
                return arithmetic();
            }
            if (after != null && (after.kind() == Kind.COMPARE || after.is(Kind.PUNCT, "&"))) {
                return ternary();
            }
            return assignment();
        }
        if (t.isKeyword("x") || t.isKeyword("mem")) {
            return assignment();
        }
        if (t.isKeyword("if")) {
            return conditional();
        }
        if (t.kind() == Kind.GOTO) {
            Target target = gotoExpr();
            return new IfBody(null, null, target, target);
        }
        if (t.isKeyword("return")) {
            next();
            return new ReturnBody(returnValue());
        }
        throw unexpected(t);
    }

    private Body arithmetic() {
        next();
        Token op = next();
        next();
        skipNewlines();
        return new AluBody(op.text(), xOrConst());
    }

    private Body ternary() {
        next();
        String cmp = next().text();
        Operand rhs = xOrConst();
        Target jt = gotoTarget();
        Target jf = gotoTarget();
        return new IfBody(cmp, rhs, jt, jf);
    }

    private Body assignment() {
        Token t = next();
        if (t.isKeyword("mem")) {
            Operand dst = memory();
            expect("=");
            Token src = next();
            if (src != null && (src.isKeyword("a") || src.isKeyword("x"))) {
                return new AssignBody(dst, src.isKeyword("a") ? new RegA() : new RegX());
            }
            throw unexpected(src);
        }
        expect("=");
        Operand src = t.isKeyword("a") ? aValue() : xValue();
        return new AssignBody(t.isKeyword("a") ? new RegA() : new RegX(), src);
    }

    /** What A can be loaded with. */
    private Operand aValue() {
        Token t = peek();
        if (t == null) {
            throw unexpected(null);
        }
        if (t.kind() == Kind.ALU_OP) {
            next();
            Token a = next();
            if (!t.text().equals("-")) {
                throw error(t, "do you mean A = -A?");
            }
            if (a == null || !a.isKeyword("a")) {
                throw unexpected(a);
            }
            return new Negated();
        }
        if (t.isKeyword("x")) {
            next();
            return new RegX();
        }
        if (t.isKeyword("mem")) {
            next();
            return memory();
        }
        if (t.isKeyword("len")) {
            next();
            return new LenValue();
        }
        if (t.isKeyword("sys_number")) {
            next();
            return new DataWord(0);
        }
        if (t.isKeyword("arch")) {
            next();
            return new DataWord(4);
        }
        if (t.isKeyword("data")) {
            next();
            expect("[");
            int index = constant();
            expect("]");
            if (index % 4 != 0 || Integer.toUnsignedLong(index) >= 64) {
                throw error(last(-1), "index of data[] must be a multiple of 4 and less than 64, got "
                        + Integer.toUnsignedString(index));
            }
            return new DataWord(index);
        }
        if (t.isKeyword("args") || t.isKeyword("args_h") || t.isKeyword("instruction_pointer")) {
            return argument();
        }
        return new Const(constant());
    }

    /** {@code args[i]}, {@code args_h[i]}, {@code instruction_pointer}, each optionally {@code >> 32}. */
    private Operand argument() {
        Token t = next();
        int low;
        boolean high = t.isKeyword("args_h");
        if (t.isKeyword("instruction_pointer")) {
            low = 8;
        } else {
            expect("[");
            int index = constant();
            expect("]");
            if (index < 0 || index > 5) {
                throw error(last(-1), "index of " + t.text() + "[] must between 0 and 5, got "
                        + Integer.toUnsignedString(index));
            }
            low = 16 + index * 8;
        }
        Token op = peek();
        if (op != null && (op.kind() == Kind.ALU_OP || op.is(Kind.PUNCT, "&"))) {
            next();
            Token n = next();
            if (!op.text().equals(">>")) {
                throw error(op, "operator after an argument can only be '>> 32'");
            }
            if (n == null || n.kind() != Kind.INT || !n.text().equals("32")) {
                throw error(n == null ? op : n, "operator after an argument can only be '>> 32'");
            }
            high = true;
        }
        // the low half of a 64-bit field is at the lower address on little-endian arches only
        return new DataWord(low + (high == arch.littleEndian() ? 4 : 0));
    }

    /** What X can be loaded with. */
    private Operand xValue() {
        Token t = peek();
        if (t != null && t.isKeyword("a")) {
            next();
            return new RegA();
        }
        if (t != null && t.isKeyword("mem")) {
            next();
            return memory();
        }
        if (t != null && t.isKeyword("len")) {
            next();
            return new LenValue();
        }
        return new Const(constant());
    }

    private Operand memory() {
        expect("[");
        int index = constant();
        expect("]");
        if (index < 0 || index > 15) {
            throw error(last(-1), "index of mem[] must between 0 and 15, got " + Integer.toUnsignedString(index));
        }
        return new MemSlot(index);
    }

    private Body conditional() {
        next();
        int[] negations = {0};
        expect("(");
        skipNewlines();
        String[] cmp = new String[1];
        Operand rhs = comparison(negations, cmp);
        skipNewlines();
        expect(")");
        skipNewlines();
        Target jt = gotoExpr();
        Target jf = Target.NEXT;
        int mark = pos;
        skipNewlines();
        if (peek() != null && peek().isKeyword("else")) {
            next();
            skipNewlines();
            jf = gotoExpr();
        } else {
            pos = mark;
        }
        return negations[0] % 2 == 1 ? new IfBody(cmp[0], rhs, jf, jt) : new IfBody(cmp[0], rhs, jt, jf);
    }

    /** {@code A cmp X|const}, or {@code !(...)} around one, counting the negations. */
    private Operand comparison(int[] negations, String[] cmp) {
        Token t = peek();
        if (t != null && t.is(Kind.PUNCT, "!")) {
            next();
            negations[0]++;
            expect("(");
            Operand rhs = comparison(negations, cmp);
            expect(")");
            return rhs;
        }
        Token a = next();
        if (a == null || !a.isKeyword("a")) {
            throw unexpected(a);
        }
        skipNewlines();
        Token op = next();
        if (op == null || !(op.kind() == Kind.COMPARE || op.is(Kind.PUNCT, "&"))) {
            throw unexpected(op);
        }
        cmp[0] = op.text();
        skipNewlines();
        return xOrConst();
    }

    private Target gotoExpr() {
        Token g = next();
        if (g == null || g.kind() != Kind.GOTO) {
            throw unexpected(g);
        }
        return gotoTarget();
    }

    private Target gotoTarget() {
        Token t = next();
        if (t == null || t.kind() != Kind.GOTO_TARGET) {
            throw unexpected(t);
        }
        return new Target(Optional.of(t));
    }

    private Operand returnValue() {
        Token t = peek();
        if (t != null && t.isKeyword("a")) {
            next();
            return new RegA();
        }
        if (t != null && t.kind() == Kind.ACTION) {
            next();
            int action = ReturnActions.value(t.text()).orElseThrow();
            if (peek() != null && peek().is(Kind.PUNCT, "(")) {
                next();
                Token at = peek();
                int data = constant();
                if (Integer.compareUnsigned(data, ReturnActions.DATA_MASK) > 0) {
                    // The action's data is the low 16 bits of the return value: more would change the action.
                    throw error(at, t.text() + "(" + Integer.toUnsignedString(data) + "): the data of a return "
                            + "action is 16 bits, expected 0 to " + ReturnActions.DATA_MASK);
                }
                expect(")");
                return new Const(action | data);
            }
            return new Const(action);
        }
        return new Const(constant());
    }

    private Operand xOrConst() {
        Token t = peek();
        if (t != null && t.isKeyword("x")) {
            next();
            return new RegX();
        }
        return new Const(constant());
    }

    /** A number, syscall or arch constant, maybe in parentheses; truncated to 32 bits as seccomp-tools does. */
    private static final BigInteger K_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger K_MAX = BigInteger.valueOf(0xffff_ffffL);

    /**
     * A 32-bit constant, the k of an instruction: unsigned up to 0xffffffff or negative down to
     * -2^31 (two's complement). A wider number is refused rather than cut to its low bits.
     */
    private int constant() {
        Token t = next();
        if (t == null) {
            throw unexpected(null);
        }
        if (t.is(Kind.PUNCT, "(")) {
            int v = constant();
            expect(")");
            return v;
        }
        return switch (t.kind()) {
            case INT -> fitting(t, new BigInteger(t.text()));
            case HEX -> fitting(t, hex(t.text()));
            case ARCH_VALUE -> ArchConstants.value(t.text()).orElseThrow();
            case SYSCALL -> syscall(t);
            default -> throw unexpected(t);
        };
    }

    private int fitting(Token t, BigInteger v) {
        if (v.compareTo(K_MIN) < 0 || v.compareTo(K_MAX) > 0) {
            throw error(t, "constant " + t.text() + " does not fit in 32 bits, expected -2^31 to 0xffffffff");
        }
        return v.intValue();
    }

    private static BigInteger hex(String text) {
        boolean negative = text.startsWith("-");
        BigInteger v = new BigInteger(text.substring(negative ? 3 : 2), 16);
        return negative ? v.negate() : v;
    }

    private int syscall(Token t) {
        String text = t.text();
        int dot = text.indexOf('.');
        if (dot < 0) {
            return SyscallNames.of(arch).number(text).orElseThrow();
        }
        String qualifier = text.substring(0, dot);
        String name = text.substring(dot + 1);
        Arch other = SyscallNames.archByQualifier(qualifier).orElseThrow();
        OptionalInt nr = SyscallNames.of(other).number(name);
        if (nr.isEmpty()) {
            throw error(t, "syscall '" + name + "' doesn't exist on " + qualifier.toLowerCase(Locale.ROOT));
        }
        return nr.getAsInt();
    }

    private void expect(String punct) {
        Token t = next();
        if (t == null || !t.is(Kind.PUNCT, punct)) {
            throw unexpected(t);
        }
    }

    private void skipNewlines() {
        while (peek() != null && peek().kind() == Kind.NEWLINE) {
            pos++;
        }
    }

    private Token peek() {
        return peekAt(0);
    }

    private Token peekAt(int ahead) {
        return pos + ahead < tokens.size() ? tokens.get(pos + ahead) : null;
    }

    private Token next() {
        return pos < tokens.size() ? tokens.get(pos++) : null;
    }

    /** The token {@code back} before the last one taken (0 is the last one). */
    private Token last(int back) {
        return tokens.get(pos - 1 + back);
    }

    private Token last() {
        return tokens.isEmpty() ? null : tokens.get(Math.max(0, Math.min(pos, tokens.size()) - 1));
    }

    private InputException unexpected(Token t) {
        if (t == null) {
            Token end = last();
            return end == null ? new InputException(file + ": unexpected end of input")
                    : error(end, "unexpected end of input after \"" + end.text() + "\"");
        }
        return error(t, "unexpected string \"" + t.text() + "\"");
    }

    InputException error(Token t, String message) {
        return new InputException(file + ":" + (t.line() + 1) + ":" + (t.column() + 1) + ": " + message);
    }
}
