package org.syscage.core.lint;

import java.util.List;
import java.util.Optional;
import org.syscage.core.format.SourceLocation;

/**
 * One kind of finding: an id ({@code SC001}), a name ({@code dangerous-allow}), the severity it
 * usually reports at, a summary and help text (shown by SARIF viewers), and the check itself.
 * docs/lint.md describes every rule with an example that fires and one that does not.
 */
public sealed interface LintRule permits DangerousAllow, NamespaceCreation, UnrestrictedPersonality,
        CompatArchDoor, Architectures, RuleEqualsDefault, DuplicateRule, ShadowedRule, AllowAndDeny,
        RepeatedArgumentIndex, HighWordOn32Bit, MultiplexerDoor, ErrnoMisuse, UnknownSyscall, NotOnArch,
        NotifyWithoutListener, DeniesExecve, DenyList, DockerFilters, ConflictingRules {

    /** {@code SC001} ... */
    String id();

    /** A short kebab-case name, e.g. {@code dangerous-allow}. */
    String name();

    /** The severity most of its findings have. */
    Severity severity();

    /** One line: what the rule looks for. */
    String summary();

    /** Why it matters and what to do, a few sentences. */
    String help();

    /** The findings of this rule for one profile. */
    List<Finding> check(ProfileView view);

    /** A finding of this rule. */
    default Finding finding(Severity severity, String message, Optional<SourceLocation> at, String fix,
                            List<String> syscalls) {
        return new Finding(this, severity, message, at, fix, syscalls);
    }
}
