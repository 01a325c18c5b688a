package org.syscage.core.compiler;

/**
 * A test of one 32-bit word of {@code struct seccomp_data}: {@code (word & mask) cmp value}, as
 * one classic-BPF load, optional AND and conditional jump compute it. Words are compared
 * unsigned.
 *
 * @param offset byte offset of the word in {@code seccomp_data} (16 + 8*arg, +4 for the word that
 *               is second in memory)
 */
public record WordTest(int offset, Cmp cmp, int mask, int value) {
    /** The comparisons a test can make; NE, LT and LE are expressed by swapping the branches. */
    public enum Cmp {
        EQ, MASKED_EQ, GT, GE;

        /** How the comparison reads in listings. */
        public String symbol() {
            return switch (this) {
                case EQ, MASKED_EQ -> "==";
                case GT -> ">";
                case GE -> ">=";
            };
        }
    }

    public boolean test(int word) {
        int w = word & mask;
        return switch (cmp) {
            case EQ, MASKED_EQ -> w == value;
            case GT -> Integer.compareUnsigned(w, value) > 0;
            case GE -> Integer.compareUnsigned(w, value) >= 0;
        };
    }

    /** The argument this word belongs to. */
    public int argIndex() {
        return (offset - 16) / 8;
    }
}
