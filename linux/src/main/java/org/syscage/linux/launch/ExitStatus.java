package org.syscage.linux.launch;

/**
 * How a process ended, and the exit code a shell would report for it: its own status, or 128+N
 * when signal N killed it (a seccomp KILL_PROCESS denial is SIGSYS, 31: code 159).
 */
public sealed interface ExitStatus {

    /** The exit code with the shell's convention for signals. */
    int code();

    /** How the process ended, for a message: {@code exited with 3}, {@code was killed by SIGSEGV (core dumped)}. */
    String describe();

    /** The process called exit with {@code status} (0-255). */
    record Exited(int status) implements ExitStatus {
        @Override
        public int code() {
            return status;
        }

        @Override
        public String describe() {
            return "exited with " + status;
        }
    }

    /** Signal {@code signal} killed the process. */
    record Killed(int signal, boolean coreDumped) implements ExitStatus {
        @Override
        public int code() {
            return 128 + signal;
        }

        @Override
        public String describe() {
            return "was killed by " + SignalNames.of(signal) + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** Decodes a wait status as waitpid(2) returns it (WIFEXITED, WEXITSTATUS, WTERMSIG...). */
    static ExitStatus fromWaitStatus(int status) {
        int signal = status & 0x7f;
        if (signal == 0) {
            return new Exited((status >> 8) & 0xff);
        }
        return new Killed(signal, (status & 0x80) != 0);
    }
}
