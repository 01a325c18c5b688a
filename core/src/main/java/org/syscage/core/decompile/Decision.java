package org.syscage.core.decompile;

import static org.syscage.core.bpf.Bpf.*;

import org.syscage.core.bpf.Bpf;
import org.syscage.core.profile.Action;

/**
 * What the kernel does with a filter's return value: an action and, for ERRNO, TRACE and TRAP,
 * its 16-bit data. Two return values that the kernel treats alike are one decision: the data of
 * ALLOW, LOG, KILL and NOTIFY is ignored, an errno above 4095 is capped at 4095, and an action
 * the kernel does not know kills the process.
 *
 * @param data the errno (ERRNO), message (TRACE) or si_errno (TRAP); 0 for the other actions
 */
public record Decision(Action action, int data) {
    /** The largest errno the kernel returns (MAX_ERRNO); larger ERRNO data is capped to it. */
    static final int MAX_ERRNO = 4095;

    public Decision {
        if (action == Action.KILL) {
            action = Action.KILL_THREAD;
        }
        if (action != Action.ERRNO && action != Action.TRACE && action != Action.TRAP) {
            data = 0;
        }
    }

    /** The decision of a filter's return value. */
    public static Decision ofReturn(int value) {
        int data = Bpf.data(value);
        return switch (Bpf.action(value)) {
            case SECCOMP_RET_KILL_PROCESS -> new Decision(Action.KILL_PROCESS, 0);
            case SECCOMP_RET_KILL_THREAD -> new Decision(Action.KILL_THREAD, 0);
            case SECCOMP_RET_TRAP -> new Decision(Action.TRAP, data);
            case SECCOMP_RET_ERRNO -> new Decision(Action.ERRNO, Math.min(data, MAX_ERRNO));
            case SECCOMP_RET_USER_NOTIF -> new Decision(Action.NOTIFY, 0);
            case SECCOMP_RET_TRACE -> new Decision(Action.TRACE, data);
            case SECCOMP_RET_LOG -> new Decision(Action.LOG, 0);
            case SECCOMP_RET_ALLOW -> new Decision(Action.ALLOW, 0);
            default -> new Decision(Action.KILL_PROCESS, 0);
        };
    }

    /** The decision of a profile's action and errnoRet, as runc hands them to libseccomp. */
    public static Decision ofProfile(Action action, Integer errnoRet) {
        int data = action.carriesValue() ? (errnoRet == null ? Action.DEFAULT_ERRNO : errnoRet) & 0xffff : 0;
        return new Decision(action, action == Action.ERRNO ? Math.min(data, MAX_ERRNO) : data);
    }

    /** The return value a filter gives for this decision. */
    public int value() {
        return action.seccompRet() | data;
    }

    /**
     * Whether a profile can say it, as runc hands profiles to libseccomp: TRAP has no data in
     * profiles, and libseccomp refuses an errno of 4095 or more (so the kernel's cap at 4095,
     * reached by larger values, cannot be asked for either).
     */
    public boolean expressible() {
        return switch (action) {
            case TRAP -> data == 0;
            case ERRNO -> data < MAX_ERRNO;
            default -> true;
        };
    }

    /** Why a profile cannot say it; only for decisions that are not {@link #expressible()}. */
    String whyInexpressible() {
        return action == Action.TRAP ? "SCMP_ACT_TRAP has no data"
                : "libseccomp refuses an errno of " + MAX_ERRNO + " or more";
    }

    /** {@code errnoRet} of a rule with this decision, or null when the action takes none. */
    public Integer errnoRet() {
        return action.carriesValue() ? data : null;
    }

    /**
     * Why {@code value} does not read back as itself from its decision, or null when it does:
     * data the kernel ignores, an errno it caps, an action it does not know.
     */
    static String lossNote(int value) {
        Decision d = ofReturn(value);
        if (d.value() == value) {
            return null;
        }
        String was = String.format("0x%08x", value);
        return switch (Bpf.action(value)) {
            case SECCOMP_RET_ERRNO -> was + " is ERRNO(" + Bpf.data(value) + "), which the kernel caps at ERRNO("
                    + MAX_ERRNO + ")";
            case SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_LOG,
                 SECCOMP_RET_ALLOW -> was + " is " + d + " with data " + Bpf.data(value) + ", which the kernel ignores";
            default -> was + " is no action the kernel knows; it kills the process, as KILL_PROCESS does";
        };
    }

    @Override
    public String toString() {
        String name = action.profileName().substring("SCMP_ACT_".length());
        return action == Action.ERRNO || action == Action.TRACE || data != 0 ? name + "(" + data + ")" : name;
    }
}
