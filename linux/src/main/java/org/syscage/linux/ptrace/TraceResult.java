package org.syscage.linux.ptrace;

import java.util.List;

/**
 * What a traced command installed, and how the trace ended.
 *
 * @param installs    every filter and strict mode the kernel accepted, in the order the calls returned
 * @param ending      why tracing stopped
 * @param commandExit the command's exit status, or 128 + the signal that killed it (as a shell
 *                    reports it); 137 when syscage killed it
 */
public record TraceResult(List<SeccompInstall> installs, Ending ending, int commandExit) {

    public TraceResult {
        installs = List.copyOf(installs);
    }

    /** The captured filters, without strict-mode installs. */
    public List<SeccompInstall.Filter> filters() {
        return installs.stream().filter(SeccompInstall.Filter.class::isInstance)
                .map(SeccompInstall.Filter.class::cast).toList();
    }

    public enum Ending {
        /** Every traced process ended by itself. */
        FINISHED,
        /** The limit of filters was reached and syscage killed the traced processes. */
        LIMIT_REACHED,
        /** The timeout passed and syscage killed the traced processes. */
        TIMED_OUT
    }
}
