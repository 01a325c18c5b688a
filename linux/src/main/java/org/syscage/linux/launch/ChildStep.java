package org.syscage.linux.launch;

import java.util.Arrays;

/**
 * The steps the trampoline's child takes between fork and the command, numbered as the child
 * stores them in {@link LaunchBlock#FAILED_STEP}. Each name is what a failure message shows.
 */
public enum ChildStep {
    SIGNAL_MASK(1, "rt_sigprocmask"),
    CLOSE_RANGE(2, "close_range(CLOSE_RANGE_CLOEXEC)"),
    CHDIR(3, "chdir"),
    NO_NEW_PRIVS(4, "prctl(PR_SET_NO_NEW_PRIVS)"),
    NAME(5, "prctl(PR_SET_NAME)"),
    SECCOMP(6, "seccomp(SECCOMP_SET_MODE_FILTER)"),
    LISTENER_HANDOFF(7, "listener handoff"),
    EXECVE(8, "execve");

    private final int code;
    private final String call;

    ChildStep(int code, String call) {
        this.code = code;
        this.call = call;
    }

    /** The number the trampoline stores for this step. */
    int code() {
        return code;
    }

    /** The system call (or stage) as messages name it. */
    public String call() {
        return call;
    }

    static ChildStep ofCode(int code) {
        return Arrays.stream(values()).filter(step -> step.code == code).findFirst()
                .orElseThrow(() -> new IllegalStateException("the child reported unknown step " + code));
    }
}
