package org.syscage.core.format;

/** The name of the text being read, used as the prefix of every error about it. */
record Source(String name) {
    /** What stdin is called in messages. */
    static final String STDIN = "<stdin>";

    static Source named(String sourceName) {
        return new Source(sourceName == null || sourceName.equals("-") ? STDIN : sourceName);
    }

    ProfileFormatException error(Position at, String detail) {
        return new ProfileFormatException(name, at.line(), at.column(), detail);
    }
}
