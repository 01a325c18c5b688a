package org.syscage.core.compiler;

import java.util.Optional;
import org.syscage.core.InputException;

/**
 * A profile that cannot be compiled: libseccomp (and so runc) would refuse it, a name is unknown
 * under {@code --strict}, or the program would exceed the kernel's 4096 instructions.
 *
 * <p>When one rule is at fault, {@link #rule()} says which (by its index in the profile the
 * compiler received), so that a caller who knows where the rule was written can say so: the
 * message then reads {@code syscalls[N]: detail}, and {@link #detail()} is the part after the index.
 */
public class CompileException extends InputException {
    /**
     * The rule at fault: its index in the compiled profile's {@code syscalls} and the index of
     * the name in its {@code names} (-1 when the whole rule is meant).
     */
    public record RulePlace(int ruleIndex, int nameIndex) {}

    private final RulePlace rule;
    private final String detail;

    public CompileException(String message) {
        super(message);
        this.rule = null;
        this.detail = message;
    }

    /** A problem with one rule's name: the message is {@code syscalls[N]: detail}. */
    public CompileException(RulePlace rule, String detail) {
        super("syscalls[" + rule.ruleIndex() + "]: " + detail);
        this.rule = rule;
        this.detail = detail;
    }

    /** The rule at fault, when one is. */
    public Optional<RulePlace> rule() {
        return Optional.ofNullable(rule);
    }

    /** The message without the rule's index. */
    public String detail() {
        return detail;
    }
}
