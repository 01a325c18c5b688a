package org.syscage.linux.seccomp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.NativeException;

/**
 * Asks the running kernel what a filter decides: loads the program in a child JVM and makes real
 * system calls under it, reporting for each what came back or how the caller died.
 *
 * <pre>{@code
 * List<ProbeOutcome> outcomes = KernelProbe.run(program, List.of(
 *         ProbeCall.of(HostSyscall.GETPID.number()),
 *         ProbeCall.of(HostSyscall.GETPPID.number(), 1L << 32)));
 * // e.g. [Returned[value=-42], Returned[value=4711]]
 * }</pre>
 *
 * <p>Only the child's probe thread runs under the filter (see {@link FilterProbe}), so a filter
 * may deny what the JVM itself needs, with one limit: if the probe thread has to wait for the
 * JVM (a safepoint) while the filter denies {@code futex}, it hangs and its call times out.
 * KILL_PROCESS and TRAP end the child; the probe then starts another child for the calls left.
 */
public final class KernelProbe {
    /** How long one call may block before it counts as {@link ProbeOutcome.TimedOut}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(2);
    /** A child JVM's start-up and filter loading, on top of the calls' own time. */
    private static final Duration CHILD_OVERHEAD = Duration.ofSeconds(60);

    private KernelProbe() {
    }

    /**
     * Makes {@code calls}, in order, under {@code program} (a {@code sock_filter} array in host
     * byte order) and returns one outcome per call.
     *
     * @throws NativeException          when the kernel refuses to load the program
     * @throws IllegalArgumentException when the bytes cannot be a program
     */
    public static List<ProbeOutcome> run(byte[] program, List<ProbeCall> calls) {
        return run(program, calls, DEFAULT_CALL_TIMEOUT);
    }

    public static List<ProbeOutcome> run(byte[] program, List<ProbeCall> calls, Duration callTimeout) {
        SockFprog.check(program);
        if (calls.isEmpty()) {
            return List.of();
        }
        Path file = null;
        try (Arena arena = Arena.ofConfined()) {
            file = Files.createTempFile("syscage-probe-", ".bin");
            ProbeExchange exchange = ProbeExchange.create(file, program, calls, arena);
            ProbeOutcome[] outcomes = new ProbeOutcome[calls.size()];
            int next = 0;
            while (next < calls.size()) {
                next = runChild(file, exchange, next, outcomes, callTimeout);
            }
            return List.of(outcomes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the probe's exchange file", e);
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * Loads {@code program} in a child and makes one harmless call (getpid) under it: throws
     * {@link NativeException} when the kernel refuses the program.
     */
    public static ProbeOutcome verifyLoads(byte[] program) {
        return run(program, List.of(ProbeCall.of(HostSyscall.GETPID.number()))).getFirst();
    }

    /** Runs one child from call {@code next}; records what it learnt and returns the next call to make. */
    private static int runChild(Path file, ProbeExchange exchange, int next, ProbeOutcome[] outcomes,
                                Duration callTimeout) {
        exchange.resetFrom(next);
        Process child = start(file, callTimeout);
        CompletableFuture<String> output = drain(child.getInputStream());
        Duration limit = CHILD_OVERHEAD.plus(callTimeout.multipliedBy(outcomes.length - next + 1L));
        boolean killedByUs = false;
        try {
            if (!child.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor();
                killedByUs = true;
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the kernel", e);
        }
        if (exchange.loadErrno() != 0) {
            throw new NativeException(exchange.loadErrno(), "seccomp(SECCOMP_SET_MODE_FILTER)");
        }
        int exit = child.exitValue();
        int i = next;
        while (i < outcomes.length) {
            long status = exchange.status(i);
            if (status == ProbeExchange.NOT_RUN) {
                break;
            }
            outcomes[i] = switch ((int) status) {
                case (int) ProbeExchange.RETURNED -> new ProbeOutcome.Returned(exchange.value(i));
                case (int) ProbeExchange.THREAD_KILLED -> new ProbeOutcome.ThreadKilled();
                case (int) ProbeExchange.TIMED_OUT -> new ProbeOutcome.TimedOut(callTimeout);
                default -> diedDuring(exit, killedByUs, limit, output);
            };
            i++;
            if (status == ProbeExchange.STARTED) {
                break; // the child died in this call; later calls need a new child
            }
        }
        if (i == next) {
            throw new IllegalStateException("the probe child ended before its first call (exit " + exit + ")"
                    + (exit == 128 + ProbeOutcome.SIGSYS
                    ? ": the filter killed a system call the JVM makes while a probe thread starts" : "")
                    + describe(output));
        }
        return i;
    }

    private static ProbeOutcome diedDuring(int exit, boolean killedByUs, Duration limit,
                                           CompletableFuture<String> output) {
        if (killedByUs) {
            return new ProbeOutcome.TimedOut(limit);
        }
        // Process reports death by signal N as exit value 128 + N.
        if (exit > 128) {
            return new ProbeOutcome.ProcessKilled(exit - 128);
        }
        throw new IllegalStateException("the probe child exited with " + exit + " in the middle of a call"
                + describe(output));
    }

    private static Process start(Path file, Duration callTimeout) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // Interpreted only: a method turning hot on the probe thread would otherwise ask
                // the JIT for a compilation, and waking the compiler thread is a futex call the
                // filter under test judges. One GC thread, no perf-data file.
                "-Xint", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx64m",
                "-cp", classpath(),
                FilterProbe.class.getName(), file.toString(), Long.toString(callTimeout.toMillis())));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the probe JVM", e);
        }
    }

    /** Where FilterProbe and the core classes it uses come from: directories in a build, one jar when shaded. */
    private static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(FilterProbe.class, Arch.class)) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null) {
                return System.getProperty("java.class.path");
            }
            try {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                return System.getProperty("java.class.path");
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    private static String describe(CompletableFuture<String> output) {
        String text = output.join().strip();
        if (text.isEmpty()) {
            return "";
        }
        List<String> lines = Arrays.asList(text.split("\n"));
        return ":\n" + String.join("\n", lines.subList(0, Math.min(lines.size(), 20)));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is not worth failing a probe for
            }
        }
    }
}
