package org.syscage.linux.launch;

import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.syscage.linux.proc.ExecutablePath;
import org.syscage.linux.proc.ProcStatus;
import org.syscage.linux.seccomp.SeccompLoader;

/**
 * Serves a seccomp listener on its own platform thread: every notified call is judged, reported
 * with the caller's executable, then answered. Used with a filter whose denials were turned
 * into notifications, it reproduces the denials (or, in complain mode, lets the calls run) and
 * reports each.
 */
public final class Supervisor {
    private static final int SIGKILL = 9;
    private static final int SIGSYS = 31;
    private static final int ENOSYS = 38;

    /** What the supervised call gets. */
    public sealed interface Answer {
        /** The call fails with this errno (ERRNO, and TRACE with no tracer: ENOSYS). */
        record Errno(int errno) implements Answer {}

        /** The kernel carries the call out (complain mode). */
        record Continue() implements Answer {}

        /** The thread gets SIGSYS (SIGKILL if it catches, ignores or blocks SIGSYS) before it returns from the call. */
        record KillProcess() implements Answer {}

        /** The thread gets SIGSYS before it returns from the call. */
        record KillThread() implements Answer {}

        /** The call fails with ENOSYS, then the thread gets SIGSYS (a handler can run). */
        record Trap() implements Answer {}
    }

    /**
     * The filter flags a supervised filter is installed with: a listener, and killable waits once
     * a notification is received (Linux 5.19), so that the SIGSYS of a TRAP answer can be queued
     * before the answer without interrupting the call (see {@link #answer}).
     */
    public static final Set<SeccompLoader.Flag> LISTENER_FLAGS =
            Set.of(SeccompLoader.Flag.NEW_LISTENER, SeccompLoader.Flag.WAIT_KILLABLE_RECV);

    /** A notified call as reported: the caller's executable, read while the caller was held. */
    public record Call(Notification notification, String executable) {}

    private final NotificationListener listener;
    private final Function<Notification, Answer> judge;
    private final BiConsumer<Call, Answer> report;
    private final Thread thread;

    private Supervisor(NotificationListener listener, Function<Notification, Answer> judge,
                       BiConsumer<Call, Answer> report) {
        this.listener = listener;
        this.judge = judge;
        this.report = report;
        this.thread = Thread.ofPlatform().name("syscage-supervisor").daemon().unstarted(this::serve);
    }

    /**
     * Starts serving; the thread ends once no process uses the filter any more. {@code report}
     * runs on the supervisor's thread, before the call is answered.
     */
    public static Supervisor start(NotificationListener listener, Function<Notification, Answer> judge,
                                   BiConsumer<Call, Answer> report) {
        Supervisor s = new Supervisor(listener, judge, report);
        s.thread.start();
        return s;
    }

    /** Waits until every process under the filter has ended and every call was answered. */
    public void join() throws InterruptedException {
        thread.join();
    }

    private void serve() {
        for (Optional<Notification> next = listener.receive(); next.isPresent(); next = listener.receive()) {
            Notification n = next.get();
            Answer answer = judge.apply(n);
            String exe = ExecutablePath.of(n.pid());
            // The thread is held until answered, so its id cannot have been reused while we read
            // /proc; unless it died meanwhile, which ID_VALID tells.
            if (!listener.isValid(n)) {
                exe = "?";
            }
            report.accept(new Call(n, exe), answer);
            answer(n, answer);
        }
    }

    private void answer(Notification n, Answer answer) {
        switch (answer) {
            case Answer.Errno e -> listener.answerErrno(n, e.errno());
            case Answer.Continue c -> listener.answerContinue(n);
            case Answer.KillThread k -> {
                // Signal first: a fatal signal ends the wait in the kernel, so the thread never
                // runs another instruction, as under the real KILL action.
                signal(n.pid(), SIGSYS);
                listener.answerErrno(n, ENOSYS);
            }
            case Answer.KillProcess k -> {
                // A SIGSYS the process catches, ignores or blocks would not kill it; the real action
                // kills regardless, so then SIGKILL stands in (exit 137 instead of 159).
                signal(n.pid(), sigsysKills(n.pid()) ? SIGSYS : SIGKILL);
                listener.answerErrno(n, ENOSYS);
            }
            case Answer.Trap t -> {
                // Signal first, as the kernel's TRAP does: the call must not return before SIGSYS is
                // pending, or the thread could run on (even exit) before the handler. With
                // WAIT_KILLABLE_RECV a caught signal does not interrupt the received call, and an
                // uncaught one is fatal, which ends it as the real action would.
                signal(n.pid(), SIGSYS);
                listener.answerErrno(n, ENOSYS);
            }
        }
    }

    /** Sends {@code signal} to thread {@code tid} (tgkill needs its process); nothing when the thread is gone. */
    private static void signal(int tid, int signal) {
        ProcStatus.readIfAlive(tid).ifPresent(status -> Kernel.tgkill(status.tgid(), tid, signal));
    }

    /** Whether SIGSYS has its default action (terminate) for the thread: neither caught, ignored nor blocked. */
    private static boolean sigsysKills(int tid) {
        return ProcStatus.readIfAlive(tid).map(ProcStatus::signals).orElse(ProcStatus.Signals.DEFAULT)
                .takesDefaultAction(SIGSYS);
    }
}
