package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ebpf.EbpfRecorder;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.launch.Interrupts;
import org.syscage.linux.launch.SignalForwarding;

/**
 * A recording that syscage is told to stop: the signal goes to every process of the command,
 * what ignores it is killed after the grace period, and the recording holds what ran.
 */
class InterruptedRecordingTest {
    private static final int SIGTERM = 15;
    /** An argument for this class's sleeps only: other tests of this JVM may leave sleeps of their own. */
    private static final String SLEEP_SECONDS = "30." + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    /** Runs {@code record} on another thread, sends this JVM SIGTERM once a sleep runs below it, returns the recording. */
    private static Recording interrupted(Function<Interrupts, Recording> record) throws Exception {
        try (SignalForwarding forwarding = SignalForwarding.install()) {
            Interrupts interrupts = new Interrupts(forwarding, Duration.ofMillis(300));
            CompletableFuture<Recording> recording = CompletableFuture.supplyAsync(() -> record.apply(interrupts));
            ProcessHandle sleep = awaitSleep();
            new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Recording r = recording.get(20, TimeUnit.SECONDS);
            assertEquals(SIGTERM, forwarding.firstSignal().orElse(0));
            // An orphaned sleep is reaped by init, which may take a moment: till then it is a zombie.
            for (int i = 0; i < 100 && sleep.isAlive(); i++) {
                Thread.sleep(20);
            }
            assertFalse(sleep.isAlive(), "the sleep below the command was ended");
            return r;
        }
    }

    private static ProcessHandle awaitSleep() throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            Optional<ProcessHandle> sleep = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/sleep")
                            && List.of(SLEEP_SECONDS).equals(p.info().arguments().map(List::of).orElse(List.of())))
                    .findFirst();
            if (sleep.isPresent()) {
                return sleep.get();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the command's sleep did not start");
    }

    private static Function<Interrupts, Recording> backend(String name, List<String> command) {
        return interrupts -> name.equals("ebpf") ? EbpfRecorder.record(command, System.getenv(), interrupts)
                : Recorder.record(command, System.getenv(), true, false, interrupts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebpf", "ptrace"})
    void everyProcessOfTheCommandGetsTheSignal(String backend) throws Exception {
        // sh waits for its background sleep: both must get SIGTERM for the recording to end early.
        Recording r = interrupted(backend(backend, List.of("sh", "-c", "sleep " + SLEEP_SECONDS + " & wait")));
        assertEquals(new ExitStatus.Killed(SIGTERM, false), r.commandStatus());
        assertTrue(r.byArch().get(Arch.X86_64).contains("clock_nanosleep")
                || r.byArch().get(Arch.X86_64).contains("nanosleep"), r.byArch().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebpf", "ptrace"})
    void whatIgnoresTheSignalIsKilledAfterTheGracePeriod(String backend) throws Exception {
        long start = System.nanoTime();
        Recording r = interrupted(backend(backend, List.of("sh", "-c",
                "trap '' TERM; sleep " + SLEEP_SECONDS + "; echo not reached")));
        assertEquals(new ExitStatus.Killed(9, false), r.commandStatus());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "ended long before sleep would");
        assertTrue(r.byArch().get(Arch.X86_64).contains("rt_sigaction"), "the trap was recorded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebpf", "ptrace"})
    void theCommandStartsWithSigquitAtItsDefaultThoughSyscageIgnoresIt(String backend) throws Exception {
        Path status = dir.resolve("status-" + backend);
        try (SignalForwarding forwarding = SignalForwarding.install()) {
            Interrupts interrupts = new Interrupts(forwarding, Duration.ofSeconds(1));
            backend(backend, List.of("sh", "-c", "grep SigIgn /proc/self/status > " + status)).apply(interrupts);
        }
        long ignored = Long.parseUnsignedLong(Files.readString(status).strip().split("\\s+")[1], 16);
        assertEquals(0, ignored & (1L << (3 - 1)), "SIGQUIT ignored: " + Files.readString(status));
    }
}
