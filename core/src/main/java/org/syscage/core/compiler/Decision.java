package org.syscage.core.compiler;

/**
 * What a filter returns for one syscall, and why.
 *
 * @param action the 32-bit return value ({@link ActionValue})
 * @param reason which part of the filter decided
 */
public record Decision(int action, Reason reason) {
    public enum Reason {
        /** The syscall's arch (or, on x86_64, its ABI half) is not in the filter. */
        BAD_ARCH,
        /** The ENOSYS stub answered before the rules. */
        ENOSYS_STUB,
        /** A rule without argument conditions. */
        SYSCALL_RULE,
        /** A rule's argument tests. */
        ARGUMENT_RULE,
        /** No rule decided: the default action. */
        DEFAULT
    }

    @Override
    public String toString() {
        return ActionValue.describe(action) + " (" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
    }
}
