package org.syscage.core.explain;

/**
 * What became of one rule for one syscall once libseccomp combined it with the syscall's other
 * rules.
 *
 * @param rule  the rule
 * @param fate  see {@link Fate}
 * @param cause for SHADOWED and REPLACED, the unconditional rule responsible; otherwise null
 */
public record Placement(PlacedRule rule, Fate fate, PlacedRule cause) {

    public enum Fate {
        /** Part of the filter. */
        ACTIVE,
        /** Its verdict equals the default action: runc never adds it. */
        DROPPED_AS_DEFAULT,
        /** An earlier unconditional rule for the syscall already decides: libseccomp ignores this one. */
        SHADOWED,
        /** A later unconditional rule for the syscall replaced it and every other argument rule. */
        REPLACED
    }
}
