package org.syscage.core.format;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for names outside the profile reader, with the reader's own measure: the known
 * name at the smallest edit distance, when that distance is small enough to be a likely typo.
 */
public final class Suggestions {
    private Suggestions() {}

    /** The known name closest to {@code typo}, if it is close enough to be what was meant. */
    public static Optional<String> closest(String typo, Collection<String> known) {
        return Messages.closest(typo, known);
    }
}
