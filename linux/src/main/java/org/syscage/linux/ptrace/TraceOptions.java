package org.syscage.linux.ptrace;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link FilterTracer} runs a command.
 *
 * @param limit           stop after this many filters ({@link #ALL} for no limit): the traced
 *                        processes are then killed, as seccomp-tools does
 * @param timeout         kill the traced processes after this long; empty waits for them to end
 * @param stdoutToStderr  give the command syscage's stderr as its stdout, so that a dump written
 *                        to stdout is not mixed with the command's own output
 * @param kernelCopy      read each filter back from the kernel (PTRACE_SECCOMP_GET_FILTER, needs
 *                        CAP_SYS_ADMIN) rather than from the tracee's memory; falls back to the
 *                        memory when the kernel refuses
 * @param environment     the command's environment
 */
public record TraceOptions(int limit, Optional<Duration> timeout, boolean stdoutToStderr, boolean kernelCopy,
                           Map<String, String> environment) {
    /** No limit on the number of filters. */
    public static final int ALL = Integer.MAX_VALUE;

    public TraceOptions {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1, got " + limit);
        }
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, got " + t);
            }
        });
        environment = Map.copyOf(environment);
    }

    /** seccomp-tools' defaults: the first filter only, no timeout; output inherited; the kernel's copy; this environment. */
    public static TraceOptions defaults() {
        return new TraceOptions(1, Optional.empty(), false, true, System.getenv());
    }

    public TraceOptions withLimit(int n) {
        return new TraceOptions(n, timeout, stdoutToStderr, kernelCopy, environment);
    }

    public TraceOptions withTimeout(Duration d) {
        return new TraceOptions(limit, Optional.of(d), stdoutToStderr, kernelCopy, environment);
    }

    public TraceOptions withStdoutToStderr(boolean on) {
        return new TraceOptions(limit, timeout, on, kernelCopy, environment);
    }

    public TraceOptions withKernelCopy(boolean on) {
        return new TraceOptions(limit, timeout, stdoutToStderr, on, environment);
    }

    public TraceOptions withEnvironment(Map<String, String> env) {
        return new TraceOptions(limit, timeout, stdoutToStderr, kernelCopy, env);
    }
}
