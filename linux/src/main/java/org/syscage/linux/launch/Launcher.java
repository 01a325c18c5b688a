package org.syscage.linux.launch;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.syscage.linux.ffm.CStrings;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.seccomp.SeccompLoader;
import org.syscage.linux.seccomp.SockFprog;

/**
 * Starts a command under a seccomp filter the way container runtimes do: the filter is
 * installed in the child after fork and before execve, so it governs the command from its first
 * instruction while the profile needs to allow nothing of the launcher but execve itself.
 *
 * <p>The child runs a small machine-code trampoline (see {@link Trampoline} and docs/run.md)
 * because no Java code can run safely in a forked JVM. It fails closed: if any step before the
 * command fails (the kernel refuses the filter, no_new_privs cannot be set, execve is denied),
 * the child exits without running the command and {@link #launch} throws
 * {@link LaunchException}. stdin, stdout and stderr are inherited; every other descriptor is
 * closed at execve. The command starts with an empty signal mask and default signal actions,
 * except for signals ignored when the launch began (as across any execve).
 *
 * <p>With a filter, the child also sets no_new_privs, as seccomp requires of unprivileged
 * callers and as runc does by default: setuid programs do not gain privileges under syscage.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * Does ahead of time what the first launch of a JVM would otherwise wait for: links the
     * native calls (the FFM machinery builds a stub per call shape on first use) and maps the
     * trampoline. Meant for a background thread started while the command line is still being
     * parsed; calling it again, or never, changes nothing but timing.
     *
     * @throws UnsupportedOperationException on an architecture without a trampoline
     */
    public static void prepare() {
        Trampoline.host();
        Kernel.getpgrp(); // every kernel call goes through one linked syscall(2)
    }

    /**
     * Starts {@code spec}'s command. Returns once the command runs (its execve succeeded), or,
     * with {@link SeccompLoader.Flag#NEW_LISTENER}, once the caller holds the listener (then see
     * {@link LaunchResult#awaitExec()}).
     *
     * @throws LaunchException               the command did not start (see its exit code)
     * @throws UnsupportedOperationException on an architecture without a trampoline
     */
    public static LaunchResult launch(LaunchSpec spec) {
        Path workDir = spec.workDir() != null ? spec.workDir() : Path.of("").toAbsolutePath();
        String name = spec.command().getFirst();
        String path = CommandPath.resolve(name, spec.env(), workDir);
        Trampoline trampoline = Trampoline.host();

        LaunchBlock block = new LaunchBlock(Kernel.mmap(LaunchBlock.SIZE, Kernel.PROT_READ | Kernel.PROT_WRITE,
                Kernel.MAP_SHARED | Kernel.MAP_ANONYMOUS));
        int[] pipe = null;
        long pid;
        try (Arena arena = Arena.ofConfined()) {
            describe(block, arena, spec, path);
            pipe = Kernel.pipeCloexec();
            try {
                pid = trampoline.call(block);
            } finally {
                Kernel.close(pipe[1]);
            }
            // Leaving the arena frees the strings and the program in this process only: the
            // child has its own copy of them from the fork.
        } catch (RuntimeException e) {
            if (pipe != null) {
                Kernel.close(pipe[0]);
            }
            Kernel.munmap(block.segment());
            throw e;
        }
        if (pid < 0) {
            Kernel.close(pipe[0]);
            Kernel.munmap(block.segment());
            int errno = (int) -pid;
            throw LaunchException.parent(name, new NativeException(errno, "clone").getMessage());
        }
        // Only this process reaps the child, so its pid cannot be reused before pidfd_open.
        int pidfd;
        try {
            pidfd = Kernel.pidfdOpen((int) pid);
        } catch (NativeException e) {
            Kernel.kill((int) pid, Kernel.SIGKILL);
            Kernel.waitpid((int) pid);
            Kernel.close(pipe[0]);
            Kernel.munmap(block.segment());
            throw LaunchException.parent(name, e.getMessage());
        }
        LaunchResult result = new LaunchResult((int) pid, pidfd, name, spec.hasFilter(), pipe[0], block);
        if (spec.flags().contains(SeccompLoader.Flag.NEW_LISTENER)) {
            result.takeListener();
        } else {
            result.awaitExec();
        }
        return result;
    }

    /** Everything the child needs, in native memory from {@code arena}, pointed to by the block. */
    private static void describe(LaunchBlock block, Arena arena, LaunchSpec spec, String path) {
        block.setPointer(LaunchBlock.PATH, arena.allocateFrom(path));
        block.setPointer(LaunchBlock.ARGV, CStrings.array(arena, spec.command()));
        block.setPointer(LaunchBlock.ENVP, CStrings.environment(arena, spec.env()));
        if (spec.workDir() != null) {
            block.setPointer(LaunchBlock.WORK_DIR, arena.allocateFrom(spec.workDir().toString()));
        }
        byte[] filter = spec.filter();
        if (filter != null) {
            block.setPointer(LaunchBlock.PROG, SockFprog.allocate(arena, filter));
        }
        block.setLong(LaunchBlock.SECCOMP_FLAGS,
                spec.flags().stream().mapToLong(SeccompLoader.Flag::bit).reduce(0, (a, b) -> a | b));
        block.setLong(LaunchBlock.RESET_IGNORED, SignalForwarding.ignoredBySyscage());
    }
}
