package org.syscage.core.profile;

/**
 * One condition on a syscall argument: {@code args[index] op value} (for MASKED_EQ,
 * {@code (args[index] & value) == valueTwo}). Values are unsigned 64-bit numbers held in a
 * {@code long}; compare them with {@link Long#compareUnsigned}.
 */
public record ArgCondition(int index, long value, long valueTwo, Op op) {
    public static final int MAX_INDEX = 5;

    public ArgCondition {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("argument index " + index + " outside 0..5");
        }
        if (op == null) {
            throw new IllegalArgumentException("op is required");
        }
    }

    /** Whether the argument value {@code arg} satisfies this condition, compared in 64 bits. */
    public boolean holds(long arg) {
        return op.holds(arg, value, valueTwo);
    }

    public static ArgCondition of(int index, Op op, long value) {
        return new ArgCondition(index, value, 0, op);
    }

    public static ArgCondition maskedEq(int index, long mask, long expected) {
        return new ArgCondition(index, mask, expected, Op.MASKED_EQ);
    }
}
