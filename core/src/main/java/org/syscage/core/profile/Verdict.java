package org.syscage.core.profile;

import java.util.Map;
import java.util.Objects;

/**
 * What a filter does with a call: an action and, for ERRNO and TRACE, its 16-bit value,
 * normalised as runc hands them to libseccomp. {@code SCMP_ACT_KILL} is KILL_THREAD (the same
 * action); ERRNO and TRACE without a value carry EPERM (1); only the low 16 bits of a value count.
 *
 * <p>Verdicts are ranked from most to least restrictive, the order the Security Profiles
 * Operator's merger uses: KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, NOTIFY, TRACE, LOG, ALLOW.
 * NOTIFY sits above ERRNO because a supervisor may still let the call through.
 */
public record Verdict(Action action, int value) {
    public static final int ENOSYS = 38;
    public static final Verdict ALLOW = new Verdict(Action.ALLOW, 0);
    public static final Verdict EPERM = new Verdict(Action.ERRNO, Action.DEFAULT_ERRNO);

    /** Names of the errno values profiles commonly return, for messages (Linux's generic numbering). */
    private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(
            Map.entry(0, "success"), Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(5, "EIO"),
            Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(22, "EINVAL"), Map.entry(25, "ENOTTY"),
            Map.entry(38, "ENOSYS"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"));

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

    /**
     * The verdict of a filter's return value ({@code SECCOMP_RET_*} with its 16 data bits), as
     * the kernel reads it: an action this model does not name reads as KILL_PROCESS.
     */
    public static Verdict ofFilterReturn(int ret) {
        int actionBits = ret & 0xffff0000;
        for (Action a : Action.values()) {
            if (a != Action.KILL && a.seccompRet() == actionBits) {
                return new Verdict(a, ret & 0xffff);
            }
        }
        return new Verdict(Action.KILL_PROCESS, 0);
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

    /** {@code ALLOW}, {@code ERRNO(1)}, {@code TRACE(5)}, {@code KILL_PROCESS}. */
    public String label() {
        return action.carriesValue() ? action.name() + "(" + value + ")" : action.name();
    }

    @Override
    public String toString() {
        return label();
    }

    /** Like {@link #label} with the errno's name where known, e.g. {@code ERRNO(1) EPERM}. */
    public String describe() {
        String name = action == Action.ERRNO ? ERRNO_NAMES.get(value) : null;
        return name == null ? label() : label() + " " + name;
    }
}
