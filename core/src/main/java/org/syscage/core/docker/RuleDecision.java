package org.syscage.core.docker;

/**
 * Whether dockerd keeps one rule of a Docker profile for a container, and if not, which
 * condition dropped it. Explains, for example, why {@code get_mempolicy} is denied in a default
 * container: its rule needs CAP_SYS_NICE.
 */
public sealed interface RuleDecision {

    boolean kept();

    /** The rule goes into the OCI profile. */
    record Kept() implements RuleDecision {
        @Override
        public boolean kept() { return true; }
    }

    /**
     * The rule is left out.
     *
     * @param condition the condition that decided, e.g. {@code includes.caps}
     * @param reason    a sentence for a person, e.g. {@code needs CAP_SYS_NICE, which the container lacks}
     */
    record Dropped(String condition, String reason) implements RuleDecision {
        @Override
        public boolean kept() { return false; }
    }
}
