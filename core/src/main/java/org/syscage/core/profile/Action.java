package org.syscage.core.profile;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * A seccomp action as profiles spell it ({@code SCMP_ACT_*}). ERRNO and TRACE carry a value
 * (the rule's {@code errnoRet}); the others cannot.
 */
public enum Action {
    KILL_PROCESS("SCMP_ACT_KILL_PROCESS", 0x80000000),
    KILL_THREAD("SCMP_ACT_KILL_THREAD", 0x00000000),
    /** Old spelling of KILL_THREAD; kept apart so a profile reads back as written. */
    KILL("SCMP_ACT_KILL", 0x00000000),
    TRAP("SCMP_ACT_TRAP", 0x00030000),
    ERRNO("SCMP_ACT_ERRNO", 0x00050000),
    NOTIFY("SCMP_ACT_NOTIFY", 0x7fc00000),
    TRACE("SCMP_ACT_TRACE", 0x7ff00000),
    LOG("SCMP_ACT_LOG", 0x7ffc0000),
    ALLOW("SCMP_ACT_ALLOW", 0x7fff0000);

    /** errno runc uses when a profile gives ERRNO or TRACE without errnoRet. */
    public static final int DEFAULT_ERRNO = 1; // EPERM

    private final String profileName;
    private final int seccompRet;

    Action(String profileName, int seccompRet) {
        this.profileName = profileName;
        this.seccompRet = seccompRet;
    }

    /** The spelling in OCI/Docker/CRD profiles, e.g. {@code SCMP_ACT_ERRNO}. */
    public String profileName() { return profileName; }

    /** The SECCOMP_RET_* action bits (without the 16-bit data part). */
    public int seccompRet() { return seccompRet; }

    /** Whether {@code errnoRet} may accompany this action. */
    public boolean carriesValue() { return this == ERRNO || this == TRACE; }

    public static Optional<Action> fromProfileName(String name) {
        return Stream.of(values()).filter(a -> a.profileName.equals(name)).findFirst();
    }

    /** Accepted spellings, for "expected one of" messages. */
    public static String acceptedNames() {
        return String.join(", ", Stream.of(values()).map(Action::profileName).toList());
    }
}
