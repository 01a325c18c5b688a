package org.syscage.linux.ptrace;

import org.syscage.linux.launch.ExitStatus;

/**
 * What wait4(2) reported for one thread: the pid and the raw status word, decoded as the
 * {@code W*} macros of {@code <sys/wait.h>} decode it on Linux.
 *
 * <pre>
 *   exited:    exit code << 8            (low 7 bits 0)
 *   signaled:  signal | 0x80 if core     (low 7 bits neither 0 nor 0x7f)
 *   stopped:   event << 16 | signal << 8 | 0x7f
 * </pre>
 * With PTRACE_O_TRACESYSGOOD a system call stop has signal {@code SIGTRAP | 0x80}; a
 * PTRACE_EVENT stop carries the event number in bits 16-23.
 *
 * <p>Each question is also answered for a bare status word (the static {@code is...}/{@code ...Of}
 * methods), for tracing loops that allocate nothing per stop.
 */
record WaitStatus(int pid, int raw) {
    static final int SIGTRAP = 5;
    static final int SYSCALL_STOP_SIGNAL = SIGTRAP | 0x80;
    private static final int SIGSTOP = 19;
    private static final int SIGTSTP = 20;
    private static final int SIGTTIN = 21;
    private static final int SIGTTOU = 22;

    boolean exited() {
        return (raw & 0x7f) == 0;
    }

    int exitCode() {
        return (raw >> 8) & 0xff;
    }

    boolean signaled() {
        int low = raw & 0x7f;
        return low != 0 && low != 0x7f;
    }

    int termSignal() {
        return raw & 0x7f;
    }

    /** Whether the thread is gone: exited or killed by a signal. */
    boolean ended() {
        return exited() || signaled();
    }

    /** How an ended thread ended, with the exit code a shell reports for it (128 + N for signal N). */
    ExitStatus exitStatus() {
        if (!ended()) {
            throw new IllegalStateException("pid " + pid + " has not ended: " + this);
        }
        return ExitStatus.fromWaitStatus(raw);
    }

    boolean stopped() {
        return isStopped(raw);
    }

    int stopSignal() {
        return stopSignalOf(raw);
    }

    /** The PTRACE_EVENT_* of a ptrace event stop, 0 for any other stop. */
    int event() {
        return eventOf(raw);
    }

    /**
     * A group stop (SIGSTOP and the terminal stops) reported as PTRACE_EVENT_STOP: the tracer keeps
     * it with PTRACE_LISTEN until a SIGCONT. Any other PTRACE_EVENT_STOP (a new child's first stop)
     * just goes on.
     */
    boolean groupStop() {
        return isGroupStop(raw);
    }

    /** A system call entry or exit stop (PTRACE_SYSCALL with PTRACE_O_TRACESYSGOOD). */
    boolean syscallStop() {
        return isSyscallStop(raw);
    }

    /** {@link #stopped()} of a bare status word; every other word is an end (exit or death). */
    static boolean isStopped(int raw) {
        return (raw & 0xff) == 0x7f;
    }

    /** {@link #stopSignal()} of a bare status word. */
    static int stopSignalOf(int raw) {
        return (raw >> 8) & 0xff;
    }

    /** {@link #event()} of a bare status word. */
    static int eventOf(int raw) {
        return (raw >>> 16) & 0xff;
    }

    /** {@link #groupStop()} of a bare status word. */
    static boolean isGroupStop(int raw) {
        int sig = stopSignalOf(raw);
        return eventOf(raw) == Ptrace.EVENT_STOP && (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN
                || sig == SIGTTOU);
    }

    /** {@link #syscallStop()} of a bare status word. */
    static boolean isSyscallStop(int raw) {
        return isStopped(raw) && stopSignalOf(raw) == SYSCALL_STOP_SIGNAL && eventOf(raw) == 0;
    }

    @Override
    public String toString() {
        if (exited()) {
            return "pid " + pid + " exited with " + exitCode();
        }
        if (signaled()) {
            return "pid " + pid + " killed by signal " + termSignal();
        }
        return "pid " + pid + " stopped, signal " + stopSignal() + ", event " + event();
    }
}
