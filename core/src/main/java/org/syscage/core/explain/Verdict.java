package org.syscage.core.explain;

import java.util.Objects;
import org.syscage.core.profile.Action;

/**
 * What the filter answers for one syscall: an action and, for ERRNO and TRACE, its 16-bit value,
 * normalised as runc hands them to libseccomp. {@code SCMP_ACT_KILL} and
 * {@code SCMP_ACT_KILL_THREAD} are the same verdict; ERRNO and TRACE without a value carry EPERM
 * (1); runc passes the value as a 16-bit number, so only its low 16 bits count.
 */
public record Verdict(Action action, int value) {
    public static final int ENOSYS = 38;

    public Verdict {
        Objects.requireNonNull(action, "action");
        if (action == Action.KILL) {
            action = Action.KILL_THREAD;
        }
        value = action.carriesValue() ? value & 0xFFFF : 0;
    }

    /** The verdict of an action with an optional errnoRet / defaultErrnoRet. */
    public static Verdict of(Action action, Integer errnoRet) {
        return new Verdict(action, errnoRet == null ? Action.DEFAULT_ERRNO : errnoRet);
    }

    public static Verdict errno(int errno) {
        return new Verdict(Action.ERRNO, errno);
    }

    /** ALLOW or LOG: the syscall runs. */
    public boolean allows() {
        return action == Action.ALLOW || action == Action.LOG;
    }

    /** ERRNO, TRAP or a KILL: the syscall does not run. TRACE and NOTIFY leave it to another process. */
    public boolean denies() {
        return switch (action) {
            case ERRNO, TRAP, KILL, KILL_THREAD, KILL_PROCESS -> true;
            default -> false;
        };
    }

    /** {@code ALLOW}, {@code ERRNO(1)}, {@code TRACE(5)}, {@code KILL_PROCESS}. */
    @Override
    public String toString() {
        String name = action.profileName().substring("SCMP_ACT_".length());
        return action.carriesValue() ? name + "(" + value + ")" : name;
    }

    /** Like {@link #toString} with the errno's name where known, e.g. {@code ERRNO(1) EPERM}. */
    public String describe() {
        if (action != Action.ERRNO) {
            return toString();
        }
        String name = Errnos.name(value);
        return name == null ? toString() : this + " " + name;
    }
}
