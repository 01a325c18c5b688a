package org.syscage.core.merge;

import java.util.Objects;
import org.syscage.core.profile.Action;

/**
 * What a filter does with a call: an action and, for ERRNO and TRACE, its 16-bit value, as
 * runc hands them to libseccomp. {@code SCMP_ACT_KILL} is KILL_THREAD (the same action); ERRNO and
 * TRACE without a value get EPERM (1), as runc gives them; only the low 16 bits of a value count.
 *
 * <p>Verdicts are ordered from most to least restrictive, the order the Security Profiles
 * Operator's merger uses: KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, NOTIFY, TRACE, LOG, ALLOW.
 * NOTIFY sits above ERRNO because a supervisor may still let the call through.
 */
public record Verdict(Action action, int value) {
    public static final Verdict ALLOW = new Verdict(Action.ALLOW, 0);
    public static final Verdict EPERM = new Verdict(Action.ERRNO, Action.DEFAULT_ERRNO);

    public Verdict {
        Objects.requireNonNull(action, "action");
        if (action == Action.KILL) {
            action = Action.KILL_THREAD;
        }
        value = action.carriesValue() ? value & 0xffff : 0;
    }

    /** The verdict of a rule or default: {@code errnoRet} (null when absent) counts for ERRNO and TRACE only. */
    public static Verdict of(Action action, Integer errnoRet) {
        return new Verdict(action, errnoRet == null ? Action.DEFAULT_ERRNO : errnoRet);
    }

    /** 0 (KILL_PROCESS) to 7 (ALLOW): higher lets more through. */
    public int rank() {
        return switch (action) {
            case KILL_PROCESS -> 0;
            case KILL_THREAD, KILL -> 1;
            case TRAP -> 2;
            case ERRNO -> 3;
            case NOTIFY -> 4;
            case TRACE -> 5;
            case LOG -> 6;
            case ALLOW -> 7;
        };
    }

    /** Whether this lets through at least what {@code other} does (same or higher rank). */
    public boolean atLeast(Verdict other) {
        return rank() >= other.rank();
    }

    /** The less restrictive of the two; on equal rank (ERRNO(1) and ERRNO(13)) the first. */
    public static Verdict join(Verdict first, Verdict second) {
        return second.rank() > first.rank() ? second : first;
    }

    /** The value to write as errnoRet/defaultErrnoRet: null when the action takes none or it is runc's EPERM. */
    public Integer errnoRet() {
        return action.carriesValue() && value != Action.DEFAULT_ERRNO ? value : null;
    }

    /** {@code ALLOW}, {@code ERRNO(1)}, {@code KILL_PROCESS}. */
    public String label() {
        return action.carriesValue() ? action.name() + "(" + value + ")" : action.name();
    }

    @Override
    public String toString() {
        return label();
    }
}
