package org.syscage.linux.ptrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a ptrace session on a platform thread of its own. The kernel ties a tracee to the thread
 * that attached it: only that thread may send it requests, and when that thread ends the tracee
 * is detached (or killed, with PTRACE_O_EXITKILL). A virtual thread may move between carrier
 * threads at any blocking call, and a caller's thread may be one, so a session never runs on it.
 */
final class TracerThread {
    private TracerThread() {
    }

    static <T> T call(String name, Callable<T> session) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try {
                result.set(session.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                // The session cleans up its tracees itself; leaving it half-way would strand them.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        switch (t) {
            case null -> {
                return result.get();
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case IOException e -> throw new UncheckedIOException(e);
            default -> throw new IllegalStateException(t.getMessage(), t);
        }
    }
}
