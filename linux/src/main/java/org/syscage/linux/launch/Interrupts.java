package org.syscage.linux.launch;

import java.time.Duration;
import java.util.Objects;

/**
 * What becomes of the signals syscage is sent while it follows a command: {@code forwarding}
 * catches them (and holds those that come before the command runs); once the command runs, each
 * goes to every process of it, and what is left {@code grace} after the first is killed
 * ({@link GracefulStop}).
 */
public record Interrupts(SignalForwarding forwarding, Duration grace) {
    public Interrupts {
        Objects.requireNonNull(forwarding, "forwarding");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("negative grace period " + grace);
        }
    }

    /** Starts passing the caught signals to {@code processes}; call {@link GracefulStop#finished()} once they have ended. */
    public GracefulStop forwardTo(GracefulStop.Processes processes) {
        GracefulStop stop = new GracefulStop(processes, grace);
        forwarding.forwardTo(stop);
        return stop;
    }
}
