package org.syscage.core.audit;

import java.util.Optional;
import org.syscage.core.profile.Action;

/**
 * The {@code code=} of a seccomp audit record: the SECCOMP_RET_* value the filter returned.
 * The kernel logs only the action part ({@code filter_ret & SECCOMP_RET_ACTION_FULL}), so an
 * ERRNO record says {@code 0x50000} without the errno; a data part, when some tool kept it, is
 * decoded all the same.
 */
public record SeccompRet(int code) {
    /** SECCOMP_RET_ACTION_FULL: the action bits. */
    public static final int ACTION_MASK = 0xffff0000;
    /** SECCOMP_RET_DATA: errno, trace message or trap data. */
    public static final int DATA_MASK = 0x0000ffff;

    /** The action, or empty for bits no kernel defines (the kernel treats those as KILL_PROCESS). */
    public Optional<Action> action() {
        int bits = code & ACTION_MASK;
        for (Action a : Action.values()) {
            // KILL is the old spelling of KILL_THREAD: both are 0, name the current one.
            if (a != Action.KILL && a.seccompRet() == bits) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The data part: errno for ERRNO, message for TRACE, 0 when the kernel left it out. */
    public int data() {
        return code & DATA_MASK;
    }

    /** {@code LOG}, {@code KILL_PROCESS}, {@code ERRNO} or {@code ERRNO(13)}, {@code 0x12340000} when unknown. */
    public String label() {
        Optional<Action> action = action();
        if (action.isEmpty()) {
            return String.format("0x%08x", code);
        }
        String name = action.get().name();
        return data() == 0 ? name : name + "(" + data() + ")";
    }

    @Override
    public String toString() {
        return label();
    }
}
