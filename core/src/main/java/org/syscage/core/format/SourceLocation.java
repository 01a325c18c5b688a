package org.syscage.core.format;

/**
 * Where something was written in a profile file: the file as the user named it (or
 * {@code <stdin>}, {@code builtin}), a 1-based line and a 1-based column counted in characters.
 * Printed as {@code FILE:LINE:COLUMN}, the form editors and CI systems link to.
 */
public record SourceLocation(String file, int line, int column) {
    public SourceLocation {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
