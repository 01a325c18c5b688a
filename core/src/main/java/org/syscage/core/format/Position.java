package org.syscage.core.format;

/** A place in a source text: 1-based line and column, columns counted in characters. */
record Position(int line, int column) {
    static final Position START = new Position(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
