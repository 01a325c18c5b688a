package org.syscage.linux.launch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.seccomp.SeccompLoader;

/**
 * A command started by {@link Launcher#launch}: its pid, the user-notification listener when
 * one was asked for, and the means to wait for it and signal it.
 *
 * <p>Without {@link SeccompLoader.Flag#NEW_LISTENER}, {@code launch} returns only after the command's
 * execve succeeded. With it, {@code launch} returns as soon as the caller holds the listener,
 * since execve itself may need an answer from the listener; the caller serves notifications on
 * another thread and calls {@link #awaitExec()} to learn whether the command started.
 *
 * <p>The listener descriptor belongs to the caller, who closes it. Signals go through a pidfd,
 * so they can never reach another process that reused the pid.
 */
public final class LaunchResult {
    private final int pid;
    private final String command;
    private final boolean filtered;
    private final Object lock = new Object();
    private int pidfd;
    private int listenerFd = -1;
    private int statusPipe;
    private LaunchBlock block;
    private ExitStatus exitStatus;

    LaunchResult(int pid, int pidfd, String command, boolean filtered, int statusPipe, LaunchBlock block) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.command = command;
        this.filtered = filtered;
        this.statusPipe = statusPipe;
        this.block = block;
    }

    public int pid() {
        return pid;
    }

    /** The parent's copy of the seccomp user-notification listener, if NEW_LISTENER was asked for. */
    public OptionalInt listenerFd() {
        return listenerFd < 0 ? OptionalInt.empty() : OptionalInt.of(listenerFd);
    }

    /**
     * Waits until the command's execve succeeded. Throws {@link LaunchException} (after reaping
     * the child) when a step before it failed, execve failed, or the filter killed execve.
     * Returns at once if the command is already known to have started.
     */
    public void awaitExec() {
        if (statusPipe < 0) {
            return;
        }
        try {
            // Nobody writes to the pipe: it reaches end of file when the child's copy of the
            // write end closes, at execve (close-on-exec) or at exit.
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(64);
                while (Kernel.read(statusPipe, buffer) > 0) {
                    // Drain; nothing is expected.
                }
            }
            int step = block.failedStep();
            if (step != 0) {
                ChildStep failed = ChildStep.ofCode(step);
                int errno = block.failedErrno();
                reap();
                String hint = failed == ChildStep.EXECVE && filtered ? "; the filter may deny execve" : "";
                throw LaunchException.childStep(command, failed, errno, hint);
            }
            if (filtered && diedInExecve()) {
                ExitStatus status = reap();
                int signal = status instanceof ExitStatus.Killed killed ? killed.signal() : 0;
                throw LaunchException.killedAtExecve(command, signal);
            }
        } finally {
            release();
        }
    }

    /**
     * With a filter, a child that dies in execve (KILL_PROCESS, or TRAP with no handler) leaves
     * no record: it never returns from the call. It still bears the marker name, which a
     * successful execve replaces. The kernel closes close-on-exec descriptors slightly before it
     * renames the process, so a marked child that is still alive is watched until it either
     * ends or takes the command's name.
     */
    private boolean diedInExecve() {
        for (int round = 0; ; round++) {
            var stat = ProcStat.read(pid);
            if (stat.isEmpty() || !stat.get().comm().equals(LaunchBlock.MARKER_NAME)) {
                return false;
            }
            if (stat.get().ended()) {
                return true;
            }
            if (round < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
    }

    /** Called by the launcher once the child published its listener: take a copy of it. */
    void takeListener() {
        for (int round = 0; !block.listenerReady(); round++) {
            // End of file on the status pipe: the child failed (or exited) before the handoff.
            if (Kernel.pollReadable(statusPipe, round < 1000 ? 0 : 1)) {
                break;
            }
        }
        if (!block.listenerReady()) {
            awaitExec();
            throw LaunchException.parent(command, "the child ended before handing over the listener");
        }
        try {
            listenerFd = Kernel.pidfdGetfd(pidfd, block.listenerFd());
        } catch (NativeException e) {
            killAndReap();
            release();
            throw LaunchException.parent(command, "taking the seccomp listener: " + e.getMessage());
        }
        block.markListenerTaken();
    }

    /** Waits for the command to end (after {@link #awaitExec()} if still pending) and reaps it. */
    public ExitStatus waitFor() {
        awaitExec();
        return reap();
    }

    /**
     * Sends {@code signal} to the command; false if it has already ended and been reaped.
     * Safe to call from any thread, also while another waits in {@link #waitFor()}.
     */
    public boolean signal(int signal) {
        synchronized (lock) {
            return pidfd >= 0 && Kernel.pidfdSendSignal(pidfd, signal);
        }
    }

    /**
     * The command and the processes below it (its children, theirs...) as {@link GracefulStop}
     * signals them, so that {@code run} passes a signal to all of CMD as {@code record} does. The
     * tree is read from /proc at each signal: a process that has left it (a daemon reparented to
     * init, or anything once the command has been reaped) is no longer reached.
     */
    public GracefulStop.Processes processes() {
        return new GracefulStop.Processes() {
            @Override
            public void signalAll(int signal) {
                signalTree(signal);
            }

            @Override
            public void killAll() {
                signalTree(Kernel.SIGKILL);
            }
        };
    }

    private void signalTree(int signal) {
        synchronized (lock) {
            if (pidfd < 0) {
                return;
            }
            // Listed before any is signalled, and while the command is unreaped (its pid cannot be
            // reused): a parent that dies of this signal must not take its children out of the list.
            long[] below = ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .mapToLong(ProcessHandle::pid).toArray();
            Kernel.pidfdSendSignal(pidfd, signal);
            for (long descendant : below) {
                signalByPidfd((int) descendant, signal);
            }
        }
    }

    /** Through a pidfd taken now, so that a pid reused since the listing is at worst not found. */
    private static void signalByPidfd(int pid, int signal) {
        int fd;
        try {
            fd = Kernel.pidfdOpen(pid);
        } catch (NativeException ended) {
            return;
        }
        try {
            Kernel.pidfdSendSignal(fd, signal);
        } finally {
            Kernel.close(fd);
        }
    }

    /** Kills the child if it is still running and reaps it; for callers giving up on it. */
    void killAndReap() {
        signal(Kernel.SIGKILL);
        reap();
    }

    private ExitStatus reap() {
        synchronized (lock) {
            if (exitStatus != null) {
                return exitStatus;
            }
        }
        ExitStatus status = ExitStatus.fromWaitStatus(Kernel.waitpid(pid));
        synchronized (lock) {
            exitStatus = status;
            if (pidfd >= 0) {
                Kernel.close(pidfd);
                pidfd = -1;
            }
            return status;
        }
    }

    private void release() {
        if (statusPipe >= 0) {
            Kernel.close(statusPipe);
            statusPipe = -1;
        }
        if (block != null) {
            Kernel.munmap(block.segment());
            block = null;
        }
    }
}
