package org.syscage.core.compiler;

import java.util.Locale;
import java.util.Optional;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.profile.Action;

/**
 * The 32-bit value a seccomp filter returns ({@code SECCOMP_RET_*} action bits plus 16 bits of
 * data), built from a profile's action the way runc builds it.
 */
public final class ActionValue {
    public static final int KILL_PROCESS = Bpf.SECCOMP_RET_KILL_PROCESS;
    public static final int KILL_THREAD = Bpf.SECCOMP_RET_KILL_THREAD;
    public static final int TRAP = Bpf.SECCOMP_RET_TRAP;
    public static final int ERRNO = Bpf.SECCOMP_RET_ERRNO;
    public static final int USER_NOTIF = Bpf.SECCOMP_RET_USER_NOTIF;
    public static final int TRACE = Bpf.SECCOMP_RET_TRACE;
    public static final int LOG = Bpf.SECCOMP_RET_LOG;
    public static final int ALLOW = Bpf.SECCOMP_RET_ALLOW;
    public static final int ACTION_MASK = Bpf.SECCOMP_RET_ACTION_FULL;

    public static final int ENOSYS = 38;

    private ActionValue() {
    }

    /**
     * The value runc passes to libseccomp for an action: ERRNO and TRACE carry {@code value}
     * (EPERM when absent), truncated to 16 bits as libseccomp-golang does.
     */
    public static int of(Action action, Integer value) {
        int base = action.seccompRet();
        if (!action.carriesValue()) {
            return base;
        }
        int data = value == null ? Action.DEFAULT_ERRNO : value;
        return base | (data & 0xffff);
    }

    public static int errno(int errno) {
        return ERRNO | (errno & 0xffff);
    }

    /** Whether a return value lets the syscall run (ALLOW, LOG, or TRACE to a tracer). */
    public static boolean isPermissive(int ret) {
        int a = ret & ACTION_MASK;
        return a == ALLOW || a == LOG || a == TRACE;
    }

    /** A readable name: {@code ALLOW}, {@code ERRNO(1)}, {@code TRACE(5)}, {@code KILL_PROCESS}. */
    public static String describe(int ret) {
        int data = ret & 0xffff;
        return switch (ret & ACTION_MASK) {
            case KILL_PROCESS -> "KILL_PROCESS";
            case KILL_THREAD -> "KILL_THREAD";
            case TRAP -> "TRAP";
            case ERRNO -> "ERRNO(" + data + ")";
            case USER_NOTIF -> "USER_NOTIF";
            case LOG -> "LOG";
            case ALLOW -> "ALLOW";
            case TRACE -> "TRACE(" + data + ")";
            default -> String.format("0x%08x", ret);
        };
    }

    /**
     * Parses an action given on the command line: a profile spelling ({@code SCMP_ACT_KILL_PROCESS}),
     * the short form ({@code kill_process}, {@code allow}) or with a value ({@code errno(38)},
     * {@code trace(1)}).
     */
    public static Optional<Integer> parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        Integer value = null;
        int paren = s.indexOf('(');
        if (paren > 0 && s.endsWith(")")) {
            try {
                value = Integer.parseInt(s.substring(paren + 1, s.length() - 1).trim());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            s = s.substring(0, paren).trim();
        }
        String name = s.startsWith("SCMP_ACT_") ? s : "SCMP_ACT_" + s;
        if (name.equals("SCMP_ACT_USER_NOTIF")) {
            name = "SCMP_ACT_NOTIFY";
        }
        Optional<Action> action = Action.fromProfileName(name);
        if (action.isEmpty() || (value != null && !action.get().carriesValue())) {
            return Optional.empty();
        }
        return Optional.of(of(action.get(), value));
    }
}
