package org.syscage.linux.launch;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.syscage.linux.seccomp.SeccompLoader;
import org.syscage.linux.seccomp.SockFprog;

/**
 * What to start and how to confine it.
 *
 * @param command the command and its arguments; the first is looked up in the PATH of
 *                {@code env} when it has no slash, as execvp does
 * @param filter  the classic-BPF program as the kernel takes it (an array of 8-byte
 *                {@code struct sock_filter} in host byte order), or null to run unfiltered
 * @param flags   seccomp(2) filter flags; {@link SeccompLoader.Flag#NEW_LISTENER} hands the
 *                user-notification listener to the caller
 * @param workDir the command's working directory, or null for the JVM's
 * @param env     the command's whole environment
 */
public record LaunchSpec(List<String> command, byte[] filter, Set<SeccompLoader.Flag> flags, Path workDir,
                         Map<String, String> env) {

    public LaunchSpec {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to launch");
        }
        if (filter != null) {
            SockFprog.check(filter);
            filter = filter.clone();
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        if (filter == null && !flags.isEmpty()) {
            throw new IllegalArgumentException("seccomp flags without a filter");
        }
        env = Map.copyOf(env);
    }

    /** The command with this JVM's environment and working directory, under {@code filter}. */
    public static LaunchSpec of(List<String> command, byte[] filter) {
        return new LaunchSpec(command, filter, Set.of(), null, System.getenv());
    }

    @Override
    public byte[] filter() {
        return filter == null ? null : filter.clone();
    }

    /** Whether the command runs under a filter at all. */
    public boolean hasFilter() {
        return filter != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LaunchSpec other && command.equals(other.command) && Arrays.equals(filter, other.filter)
                && flags.equals(other.flags) && Objects.equals(workDir, other.workDir) && env.equals(other.env);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, Arrays.hashCode(filter), flags, workDir, env);
    }

    @Override
    public String toString() {
        String program = filter == null ? "none" : filter.length / 8 + " instructions";
        return "LaunchSpec[command=" + command + ", filter=" + program
                + ", flags=" + flags + ", workDir=" + workDir + ", env=" + env.size() + " variables]";
    }

    public LaunchSpec withFlags(Set<SeccompLoader.Flag> newFlags) {
        return new LaunchSpec(command, filter, newFlags, workDir, env);
    }

    public LaunchSpec withWorkDir(Path newWorkDir) {
        return new LaunchSpec(command, filter, flags, newWorkDir, env);
    }

    public LaunchSpec withEnv(Map<String, String> newEnv) {
        return new LaunchSpec(command, filter, flags, workDir, newEnv);
    }
}
