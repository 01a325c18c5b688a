package org.syscage.core.lint;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.syscage.core.format.SourceLocation;

/**
 * One problem lint found.
 *
 * @param rule     the check that found it (its id, name and help)
 * @param severity how much it matters here (a rule may report at more than one severity)
 * @param message  what is wrong, in one sentence or two, naming syscalls and rules
 * @param location where in the profile, when known
 * @param fix      the smallest change that resolves it
 * @param syscalls the syscalls concerned, for machines (may be empty)
 */
public record Finding(LintRule rule, Severity severity, String message, Optional<SourceLocation> location,
                      String fix, List<String> syscalls) {
    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(fix, "fix");
        syscalls = List.copyOf(syscalls);
    }

    /** The rule's id, e.g. {@code SC001}. */
    public String id() {
        return rule.id();
    }

    /** {@code FILE:LINE:COLUMN: severity: SC001 dangerous-allow: message}. */
    @Override
    public String toString() {
        return location.map(l -> l + ": ").orElse("") + severity.label() + ": " + rule.id() + " " + rule.name()
                + ": " + message;
    }
}
