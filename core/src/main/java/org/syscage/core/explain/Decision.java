package org.syscage.core.explain;

import java.util.List;
import java.util.Optional;
import org.syscage.core.profile.Verdict;

/**
 * The filter's answer for one syscall with given arguments, and what gave it.
 *
 * @param verdict  the answer
 * @param cause    which part of the filter answered
 * @param rule     the deciding rule when {@code cause} is RULE
 * @param exact    false when several argument rules with different verdicts overlap, so that the
 *                 answer depends on how libseccomp merges them into one decision tree (or runc
 *                 refuses the profile); the verdict is then the first matching rule's
 * @param matching every active rule whose conditions hold for the arguments, in profile order
 */
public record Decision(Verdict verdict, Cause cause, Optional<PlacedRule> rule, boolean exact,
                       List<PlacedRule> matching) {
    public Decision {
        matching = List.copyOf(matching);
    }

    public enum Cause {
        /** A rule of the profile. */
        RULE,
        /** No rule applies: the profile's defaultAction. */
        DEFAULT,
        /**
         * No rule names the syscall and its number is above every number the profile names on the
         * arch: runc's stub answers ENOSYS before the filter runs, so that libc falls back.
         */
        ENOSYS_STUB
    }
}
