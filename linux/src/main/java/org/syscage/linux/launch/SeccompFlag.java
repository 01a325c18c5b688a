package org.syscage.linux.launch;

import java.util.Set;

/** The {@code SECCOMP_FILTER_FLAG_*} bits of seccomp(2), as linux/seccomp.h defines them. */
public enum SeccompFlag {
    TSYNC(1L),
    LOG(1L << 1),
    SPEC_ALLOW(1L << 2),
    /** Return a user-notification listener; the launcher hands it to the parent. */
    NEW_LISTENER(1L << 3),
    TSYNC_ESRCH(1L << 4),
    WAIT_KILLABLE_RECV(1L << 5);

    private final long bit;

    SeccompFlag(long bit) {
        this.bit = bit;
    }

    public long bit() {
        return bit;
    }

    /** The flags argument of seccomp(2) for a set of flags. */
    public static long bits(Set<SeccompFlag> flags) {
        return flags.stream().mapToLong(SeccompFlag::bit).reduce(0L, (a, b) -> a | b);
    }
}
