package org.syscage.core.lint;

import java.util.Locale;
import org.syscage.core.InputException;

/** How much a finding matters. Ordered: ERROR is the most severe. */
public enum Severity {
    /** The profile does not do what it says, or opens a door out of the container. */
    ERROR("error"),
    /** Probably a mistake, or a risk worth a decision. */
    WARNING("warning"),
    /** Worth knowing; nothing to fix unless it was not intended. */
    INFO("info");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** {@code error}, {@code warning} or {@code info}, as printed and accepted by {@code --fail-on}. */
    public String label() {
        return label;
    }

    /** SARIF's level for this severity: error, warning or note. */
    public String sarifLevel() {
        return this == INFO ? "note" : label;
    }

    /** Whether this severity is {@code threshold} or more severe. */
    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) <= 0;
    }

    /** Parses {@code error}, {@code warning} or {@code info} (any case). */
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.label.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InputException("unknown severity '" + text + "', expected error, warning or info");
    }
}
