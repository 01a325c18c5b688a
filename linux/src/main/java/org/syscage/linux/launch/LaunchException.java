package org.syscage.linux.launch;

import java.util.Optional;
import org.syscage.linux.ffm.NativeException;

/**
 * The command could not be started; it did not run. {@link #exitCode()} is what a launcher
 * should exit with: 127 when the command does not exist, 126 when it exists but cannot be
 * executed (both found before forking, as env(1) and shells report them), 2 for every other
 * failure, including the kernel refusing the filter and the filter denying execve itself.
 */
public final class LaunchException extends RuntimeException {
    public static final int NOT_FOUND = 127;
    public static final int NOT_EXECUTABLE = 126;
    public static final int CANNOT_START = 2;

    private final int exitCode;
    private final ChildStep step;
    private final int errno;

    private LaunchException(String message, int exitCode, ChildStep step, int errno) {
        super(message);
        this.exitCode = exitCode;
        this.step = step;
        this.errno = errno;
    }

    static LaunchException notFound(String command, String why) {
        return new LaunchException(command + ": " + why, NOT_FOUND, null, 0);
    }

    static LaunchException notExecutable(String command, String why) {
        return new LaunchException(command + ": " + why, NOT_EXECUTABLE, null, 0);
    }

    /** A step in the child failed with {@code errno}; {@code hint} may add a likely cause. */
    static LaunchException childStep(String command, ChildStep step, int errno, String hint) {
        String failure = new NativeException(errno, step.call()).getMessage();
        return new LaunchException("cannot start " + command + ": " + failure + hint, CANNOT_START, step, errno);
    }

    /** The child died from {@code signal} in its execve: the filter killed it there. */
    static LaunchException killedAtExecve(String command, int signal) {
        return new LaunchException("cannot start " + command + ": the filter killed execve itself (signal " + signal
                + "); the profile must allow execve", CANNOT_START, ChildStep.EXECVE, 0);
    }

    /** Something in the parent failed (fork, pipe, the listener handoff). */
    static LaunchException parent(String command, String what) {
        return new LaunchException("cannot start " + command + ": " + what, CANNOT_START, null, 0);
    }

    /** The exit code for a command that could not start: 127, 126 or 2. */
    public int exitCode() {
        return exitCode;
    }

    /** The step in the child that failed, when one did. */
    public Optional<ChildStep> step() {
        return Optional.ofNullable(step);
    }

    /** The errno of the failed step, 0 when there was none. */
    public int errno() {
        return errno;
    }
}
