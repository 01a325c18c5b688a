package org.syscage.core.compiler;

import org.syscage.core.arch.Arch;

/**
 * libseccomp refuses one of the calls runc makes for a rule ({@code seccomp_rule_add} returns
 * {@code -EEXIST}): the rule conflicts with what earlier rules put in the syscall's decision tree,
 * typically one with the same conditions and a different action. runc then fails to start the
 * container, so syscage refuses to compile the profile.
 */
public final class RuleRefusedException extends CompileException {
    private final String syscall;
    private final Arch arch;

    RuleRefusedException(RulePlace rule, String syscall, Arch arch, String reason) {
        super(rule, "libseccomp rejects the rule for '" + syscall + "' on " + arch + " (" + reason
                + "), so runc would fail to start the container");
        this.syscall = syscall;
        this.arch = arch;
    }

    /** The syscall name whose rule libseccomp refused. */
    public String syscall() {
        return syscall;
    }

    /** The arch whose filter database refused it. */
    public Arch arch() {
        return arch;
    }
}
