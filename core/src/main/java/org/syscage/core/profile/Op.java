package org.syscage.core.profile;

import java.util.Optional;
import java.util.stream.Stream;

/** A comparison of one syscall argument, as libseccomp defines them ({@code SCMP_CMP_*}). */
public enum Op {
    NE("SCMP_CMP_NE"),
    LT("SCMP_CMP_LT"),
    LE("SCMP_CMP_LE"),
    EQ("SCMP_CMP_EQ"),
    GE("SCMP_CMP_GE"),
    GT("SCMP_CMP_GT"),
    /** {@code (arg & value) == valueTwo}. */
    MASKED_EQ("SCMP_CMP_MASKED_EQ");

    private final String profileName;

    Op(String profileName) {
        this.profileName = profileName;
    }

    public String profileName() { return profileName; }

    /**
     * Whether {@code arg} satisfies this comparison with {@code value} (and, for MASKED_EQ, the
     * expected {@code valueTwo}), all unsigned. MASKED_EQ is libseccomp's: it masks the expected
     * value too, {@code (arg & value) == (valueTwo & value)}.
     */
    public boolean holds(long arg, long value, long valueTwo) {
        return switch (this) {
            case EQ -> arg == value;
            case NE -> arg != value;
            case LT -> Long.compareUnsigned(arg, value) < 0;
            case LE -> Long.compareUnsigned(arg, value) <= 0;
            case GT -> Long.compareUnsigned(arg, value) > 0;
            case GE -> Long.compareUnsigned(arg, value) >= 0;
            case MASKED_EQ -> (arg & value) == (valueTwo & value);
        };
    }

    public static Optional<Op> fromProfileName(String name) {
        return Stream.of(values()).filter(o -> o.profileName.equals(name)).findFirst();
    }

    public static String acceptedNames() {
        return String.join(", ", Stream.of(values()).map(Op::profileName).toList());
    }
}
