package org.syscage.linux.ptrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.launch.CommandPath;
import org.syscage.linux.launch.ExitStatus;

/**
 * Starts a command so that a tracer owns it before it runs a single instruction of its own.
 *
 * <p>A JVM cannot fork and call PTRACE_TRACEME in the child, so the command starts through a
 * two-line shell script, {@code kill -STOP $$ && exec "$@"}, spawned with posix_spawn: once the
 * shell has stopped itself, the tracer attaches with PTRACE_SEIZE (options set at once) and lets
 * it go on; the shell's next system call is the execve of the command, already traced. Shared by
 * every tracer of this package; it must run on the tracer's thread ({@link TracerThread}). The
 * eBPF recorder uses the same stop, untraced ({@link #spawnStopped}), to attach its program first.
 */
public final class StoppedCommand {
    static final String STOP_THEN_EXEC = "kill -STOP $$ && exec \"$@\"";
    /** bash's exec can name argv[0]: {@code $0} is the name the user gave, {@code $1} the file found. */
    static final String STOP_THEN_EXEC_AS = "kill -STOP $$ && exec -a \"$0\" \"$@\"";
    static final Path BASH = Path.of("/bin/bash");

    private StoppedCommand() {
    }

    /**
     * A command whose file was found as {@code run} finds it ({@link CommandPath}).
     *
     * @param file the file to execute
     * @param argv the arguments, argv[0] as the user wrote it
     */
    public record Resolved(String file, List<String> argv) {
        public Resolved {
            argv = List.copyOf(argv);
        }
    }

    /**
     * Finds the file {@code command} names. Given the file, the starting shell makes exactly one
     * execve, where with a bare name it would try each directory of PATH in turn, and a
     * recording would count those failed calls as the command's.
     *
     * @throws org.syscage.linux.launch.LaunchException when the command is not found (127) or
     *                                                  not executable (126)
     */
    public static Resolved resolved(List<String> command, Map<String, String> env) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        return new Resolved(CommandPath.resolve(command.getFirst(), env, Path.of("").toAbsolutePath()), command);
    }

    /** Spawns the stopping shell for {@code command}; returns its pid, a child of the calling thread. */
    static int spawn(List<String> command, Map<String, String> env, boolean stdoutToStderr) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", STOP_THEN_EXEC, "sh"));
        argv.addAll(command);
        return PosixSpawn.spawn("/bin/sh", argv, env, stdoutToStderr);
    }

    /**
     * Spawns the stopping shell for a found command: it executes the file and keeps argv[0] as
     * the user wrote it, as a shell or strace would. That takes bash's {@code exec -a}, run as
     * {@code sh} (POSIX mode: no startup file, not even $BASH_ENV); without bash, the command
     * sees the file's path as its argv[0].
     */
    static int spawn(Resolved command, Map<String, String> env, boolean stdoutToStderr) {
        if (!Files.isExecutable(BASH)) {
            return spawn(byPath(command), env, stdoutToStderr);
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c", STOP_THEN_EXEC_AS, command.argv().getFirst(), command.file()));
        argv.addAll(command.argv().subList(1, command.argv().size()));
        return PosixSpawn.spawn(BASH.toString(), argv, env, stdoutToStderr);
    }

    /** The command with the file found in place of its first word. */
    private static List<String> byPath(Resolved command) {
        List<String> argv = new ArrayList<>(command.argv());
        argv.set(0, command.file());
        return argv;
    }

    /**
     * For a recorder that does not trace the command (the eBPF backend): checks that the command
     * can start, spawns the stopping shell and waits until it has stopped itself, so that the
     * caller can set up whatever must see the command's first instruction, then
     * {@link #resumeAndWait}. The shell's next system call is the execve of the command.
     *
     * @param command a command found by {@link #resolved}
     * @return the shell's pid
     */
    public static int spawnStopped(Resolved command, Map<String, String> env) {
        // dash, started by path: bash would reset its signal handlers before the execve, and an
        // untraced recorder counts every call after the stop. The command sees the path as argv[0].
        int pid = spawn(byPath(command), env, false);
        WaitStatus first = Ptrace.wait(pid, Ptrace.WUNTRACED).orElseThrow();
        if (!first.stopped()) {
            throw new IllegalStateException("the shell that starts the command ended before it stopped: " + first);
        }
        return pid;
    }

    /** Lets a shell of {@link #spawnStopped} go on and waits for its end (the command's, after its execve). */
    public static ExitStatus resumeAndWait(int pid) {
        Ptrace.kill(pid, Ptrace.SIGCONT);
        while (true) {
            WaitStatus status = Ptrace.wait(pid, 0).orElseThrow(() ->
                    new IllegalStateException("pid " + pid + " is not a child of syscage"));
            if (status.ended()) {
                return status.exitStatus();
            }
        }
    }

    /** Kills and reaps a shell of {@link #spawnStopped} that will not be resumed. */
    public static void killStopped(int pid) {
        Ptrace.kill(pid, Ptrace.SIGKILL);
        Ptrace.wait(pid, 0);
    }

    /**
     * Waits for the shell to stop, seizes it with {@code options} and resumes it with
     * {@code request} (PTRACE_SYSCALL or PTRACE_CONT); on failure the shell is killed and reaped.
     */
    static void seize(int root, int options, int request) {
        WaitStatus first = Ptrace.wait(root, Ptrace.WUNTRACED | Ptrace.__WNOTHREAD).orElseThrow();
        if (!first.stopped()) {
            throw new IllegalStateException("the shell that starts the command ended before it stopped: " + first);
        }
        try {
            Ptrace.seize(root, options);
        } catch (NativeException e) {
            Ptrace.kill(root, Ptrace.SIGKILL);
            Ptrace.wait(root, Ptrace.__WALL | Ptrace.__WNOTHREAD);
            throw Permissions.explainAttach(root, e);
        }
        // Seizing a stopped process makes it report the stop again, now as PTRACE_EVENT_STOP;
        // once that is seen, SIGCONT ends the group stop and the request lets it run.
        WaitStatus trapped = Ptrace.wait(root, Ptrace.__WALL | Ptrace.__WNOTHREAD).orElseThrow();
        if (!trapped.stopped()) {
            throw new IllegalStateException("the shell that starts the command ended while attaching: " + trapped);
        }
        Ptrace.kill(root, Ptrace.SIGCONT);
        Ptrace.resume(request, root, 0);
    }
}
