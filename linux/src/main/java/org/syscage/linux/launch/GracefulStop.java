package org.syscage.linux.launch;

import java.time.Duration;

/**
 * Ends a group of processes when syscage is told to stop while it records them: each signal
 * syscage catches goes to every process of the group, and whatever is still running a grace
 * period after the first one is killed (again and again, should it fork meanwhile) until the
 * recorder calls {@link #finished()}. So {@code kill -TERM <syscage>} or Ctrl-C ends a recording
 * the way it ends a command, a program that ignores the signal cannot keep syscage waiting, and
 * syscage still writes what it recorded.
 *
 * <pre>{@code
 * GracefulStop stop = new GracefulStop(processes, Duration.ofSeconds(10));
 * forwarding.forwardTo(stop);
 * ... wait for the processes to end ...
 * stop.finished();
 * }</pre>
 */
public final class GracefulStop implements SignalForwarding.Receiver {
    /** How long a killed group is given to go before the next round of SIGKILL. */
    private static final long RETRY_MILLIS = 50;

    private final Processes processes;
    private final Duration grace;
    private boolean armed;
    private boolean finished;

    /** The processes a recording follows, as the backend that follows them knows them. */
    public interface Processes {
        /** Sends {@code signal} once to each process (not to each thread) of the group. */
        void signalAll(int signal);

        /** Sends SIGKILL to every process of the group. */
        void killAll();
    }

    public GracefulStop(Processes processes, Duration grace) {
        this.processes = processes;
        this.grace = grace;
    }

    @Override
    public void received(int signal, boolean keyboard) {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (!keyboard) {
                // Under the lock: finished() cannot slip in between, after which the ids may be reused.
                processes.signalAll(signal);
            }
            if (armed) {
                return;
            }
            armed = true;
        }
        Thread.ofPlatform().name("syscage-graceful-stop").daemon().start(this::killAfterGrace);
    }

    private void killAfterGrace() {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            try {
                for (long left = grace.toMillis(); !finished && left > 0;
                     left = (deadline - System.nanoTime()) / 1_000_000) {
                    wait(left);
                }
                while (!finished) {
                    processes.killAll();
                    wait(RETRY_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a signal came: the recording was interrupted. */
    public synchronized boolean interrupted() {
        return armed;
    }

    /** The processes have all ended: nothing is signalled or killed from now on. */
    public synchronized void finished() {
        finished = true;
        notifyAll();
    }
}
