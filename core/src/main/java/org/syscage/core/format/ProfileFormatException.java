package org.syscage.core.format;

import org.syscage.core.InputException;

/**
 * A profile file that cannot be read: malformed JSON/YAML or a value the formats do not allow.
 * The message is one line, {@code FILE:LINE:COLUMN: what was wrong, expected what}, e.g.
 * {@code app.json:7:18: syscalls[0].action: unknown action 'SCMP_ACT_ALOW' (did you mean
 * 'SCMP_ACT_ALLOW'?), expected one of SCMP_ACT_KILL_PROCESS, ...}. Lines and columns start at 1;
 * columns count characters (a tab is one column).
 */
public final class ProfileFormatException extends InputException {
    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    public ProfileFormatException(String file, int line, int column, String detail) {
        super(file + ":" + line + ":" + column + ": " + detail);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** The file as the user named it, or {@code <stdin>}. */
    public String file() { return file; }

    public int line() { return line; }

    public int column() { return column; }

    /** The message without the {@code FILE:LINE:COLUMN: } prefix. */
    public String detail() { return detail; }
}
