package org.syscage.linux.seccomp;

import java.time.Duration;
import org.syscage.linux.ffm.RawSyscall;

/** What happened when the probe made one {@link ProbeCall} under the filter. */
public sealed interface ProbeOutcome {
    /** SIGSYS, the signal of seccomp's KILL_PROCESS and TRAP. */
    int SIGSYS = 31;

    /**
     * The call returned to the caller: {@code value} is the kernel's result, non-negative or
     * {@code -errno} (ERRNO(n) from the filter shows as {@code -n}, capped at 4095 by the kernel;
     * TRACE without a tracer and USER_NOTIF without a listener show as {@code -ENOSYS}).
     */
    record Returned(long value) implements ProbeOutcome {
        public boolean isError() {
            return RawSyscall.isError(value);
        }

        /** The errno, or 0 when the call succeeded. */
        public int errno() {
            return isError() ? (int) -value : 0;
        }
    }

    /** The calling thread vanished and the process lived on: KILL_THREAD on a thread that is not the last. */
    record ThreadKilled() implements ProbeOutcome {
    }

    /**
     * The whole process died by {@code signal}: KILL_PROCESS, and TRAP too, because the JVM has no
     * SIGSYS handler, so the signal's default action (core dump) ends the process.
     */
    record ProcessKilled(int signal) implements ProbeOutcome {
    }

    /** The call did not return within the probe's time limit (it blocked). */
    record TimedOut(Duration after) implements ProbeOutcome {
    }
}
