package org.syscage.core.inspect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Splits seccomp-tools assembly into tokens, with their line and column for error messages.
 * The token kinds and their precedence are seccomp-tools' scanner's: a word followed by
 * {@code :} is a label, {@code goto|jmp|jump WORD} a jump, then keywords (any case), actions
 * (upper case), {@code ARCH_*} constants (any case), syscall names of the arch or
 * {@code <arch>.<name>}, numbers, operators. {@code #} starts a comment.
 */
final class AsmLexer {

    enum Kind {
        NEWLINE, LABEL, GOTO, GOTO_TARGET, KEYWORD, ACTION, ARCH_VALUE, SYSCALL, HEX, INT, ALU_OP, COMPARE,
        PUNCT, UNKNOWN
    }

    /** A token; {@code line} and {@code column} count from 0. For KEYWORD, {@code text} is as written. */
    record Token(Kind kind, String text, int line, int column) {
        boolean is(Kind k, String s) {
            return kind == k && (k == Kind.KEYWORD ? text.equalsIgnoreCase(s) : text.equals(s));
        }

        boolean isKeyword(String keyword) {
            return is(Kind.KEYWORD, keyword);
        }
    }

    static final List<String> KEYWORDS = List.of("a", "x", "if", "else", "return", "mem", "args", "args_h", "data",
            "len", "sys_number", "arch", "instruction_pointer");

    private static final Pattern NEWLINES = Pattern.compile("\\n+");
    private static final Pattern SPACE_OR_COMMENT = Pattern.compile("[ \\t\\x0B\\f\\r]+|#[^\\n]*");
    private static final Pattern LABEL = Pattern.compile("(\\w+):");
    private static final Pattern GOTO = Pattern.compile("(?i)(goto|jmp|jump)\\s+(\\w+)\\b");
    private static final Pattern WORD = Pattern.compile("\\w+");
    private static final Pattern QUALIFIED = Pattern.compile("(\\w+)\\.(\\w+)\\b");
    private static final Pattern HEX = Pattern.compile("-?0[xX][0-9a-fA-F]+\\b");
    private static final Pattern INT = Pattern.compile("-?[0-9]+\\b");
    private static final Pattern ALU_OP = Pattern.compile("<<|>>|[-+*/|^]");
    private static final Pattern COMPARE = Pattern.compile("==|!=|>=|<=|>|<");
    private static final Pattern PUNCT = Pattern.compile("[()=\\[\\]&!]");
    private static final Pattern TERNARY = Pattern.compile("\\?\\s*(\\w+)\\s*:\\s*(\\w+)");
    private static final Pattern OTHER = Pattern.compile("\\S+");

    private final String source;
    private final SyscallNames names;

    AsmLexer(String source, Arch arch) {
        this.source = source;
        this.names = SyscallNames.of(arch);
    }

    List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        int pos = 0;
        int line = 0;
        int lineStart = 0;
        Matcher m = NEWLINES.matcher(source);
        while (pos < source.length()) {
            int col = pos - lineStart;
            m.region(pos, source.length());
            if (m.usePattern(NEWLINES).lookingAt()) {
                // a newline before the first token means nothing
                if (!tokens.isEmpty()) {
                    tokens.add(new Token(Kind.NEWLINE, "\\n", line, col));
                }
                line += m.group().length();
                pos = m.end();
                lineStart = pos;
            } else if (m.usePattern(SPACE_OR_COMMENT).lookingAt()) {
                pos = m.end();
            } else if (m.usePattern(LABEL).lookingAt()) {
                tokens.add(new Token(Kind.LABEL, m.group(1), line, col));
                pos = m.end();
            } else if (m.usePattern(GOTO).lookingAt()) {
                tokens.add(new Token(Kind.GOTO, m.group(1), line, col));
                // the target may be on a later line when whitespace between them holds newlines
                int targetLine = line;
                int targetLineStart = lineStart;
                for (int i = m.start(); i < m.start(2); i++) {
                    if (source.charAt(i) == '\n') {
                        targetLine++;
                        targetLineStart = i + 1;
                    }
                }
                tokens.add(new Token(Kind.GOTO_TARGET, m.group(2), targetLine, m.start(2) - targetLineStart));
                line = targetLine;
                lineStart = targetLineStart;
                pos = m.end();
            } else if (m.usePattern(WORD).lookingAt() && wordKind(m.group()) != null) {
                tokens.add(new Token(wordKind(m.group()), m.group(), line, col));
                pos = m.end();
            } else if (m.usePattern(QUALIFIED).lookingAt() && isQualifiedSyscall(m.group(1), m.group(2))) {
                tokens.add(new Token(Kind.SYSCALL, m.group(), line, col));
                pos = m.end();
            } else if (m.usePattern(HEX).lookingAt()) {
                tokens.add(new Token(Kind.HEX, m.group(), line, col));
                pos = m.end();
            } else if (m.usePattern(INT).lookingAt()) {
                tokens.add(new Token(Kind.INT, m.group(), line, col));
                pos = m.end();
            } else if (m.usePattern(ALU_OP).lookingAt()) {
                tokens.add(new Token(Kind.ALU_OP, m.group(), line, col));
                pos = m.end();
            } else if (m.usePattern(COMPARE).lookingAt()) {
                tokens.add(new Token(Kind.COMPARE, m.group(), line, col));
                pos = m.end();
            } else if (m.usePattern(PUNCT).lookingAt()) {
                tokens.add(new Token(Kind.PUNCT, m.group(), line, col));
                pos = m.end();
            } else if (m.usePattern(TERNARY).lookingAt()) {
                tokens.add(new Token(Kind.GOTO_TARGET, m.group(1), line, m.start(1) - lineStart));
                tokens.add(new Token(Kind.GOTO_TARGET, m.group(2), line, m.start(2) - lineStart));
                pos = m.end();
            } else {
                m.usePattern(OTHER).lookingAt();
                tokens.add(new Token(Kind.UNKNOWN, m.group(), line, col));
                pos = m.end();
            }
        }
        return tokens;
    }

    /** The kind of a whole word, or null when it is none of the named kinds. */
    private Kind wordKind(String word) {
        if (KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
            return Kind.KEYWORD;
        }
        if (ReturnActions.isAction(word)) {
            return Kind.ACTION;
        }
        if (ArchConstants.value(word).isPresent()) {
            return Kind.ARCH_VALUE;
        }
        if (names.number(word).isPresent()) {
            return Kind.SYSCALL;
        }
        return null;
    }

    private static final Set<String> ANY_SYSCALL = anySyscall();

    private static Set<String> anySyscall() {
        Set<String> all = new HashSet<>(SyscallTable.allNames());
        for (Arch a : Arch.values()) {
            all.addAll(SyscallNames.of(a).allNames());
        }
        return Set.copyOf(all);
    }

    /** {@code i386.fork}: an arch qualifier and a name some arch has; whether this arch has it is the parser's check. */
    private static boolean isQualifiedSyscall(String arch, String name) {
        return SyscallNames.archByQualifier(arch).isPresent() && ANY_SYSCALL.contains(name);
    }
}
