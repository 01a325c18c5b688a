package org.syscage.core.format;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Small helpers that keep every error message on one readable line. */
final class Messages {
    private static final int MAX_QUOTED = 60;

    private Messages() {}

    /** {@code 'text'} with line breaks and other control characters escaped, long text shortened. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown++ == MAX_QUOTED) {
                b.append("...");
                break;
            }
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }

    /** Joins names for "expected one of ..." lists. */
    static String oneOf(Collection<String> names) {
        return "one of " + String.join(", ", names);
    }

    /**
     * The known name closest to a misspelled one, when it is close enough to be a likely typo
     * (edit distance at most a third of its length, and at most 3).
     */
    static Optional<String> closest(String typo, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(typo.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > Math.min(3, Math.max(1, best.length() / 3))) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** " (did you mean 'x'?)" or nothing. */
    static String didYouMean(String typo, Collection<String> known) {
        return closest(typo, known).map(k -> " (did you mean " + quote(k) + "?)").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
