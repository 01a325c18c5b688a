package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Profile;
import org.syscage.linux.ebpf.Cgroup2;

/**
 * {@code record -- CMD} told to stop, as a user stops it: SIGINT or SIGTERM to the syscage
 * process, which runs in a JVM of its own. CMD must end, the profile must be written, and
 * nothing may be left behind.
 */
class RecordInterruptedTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"ebpf, INT, 130", "ebpf, TERM, 143", "ptrace, INT, 130", "ptrace, TERM, 143"})
    void aSignalEndsTheCommandAndTheProfileIsStillWritten(String backend, String signal, int exit) throws Exception {
        Path out = dir.resolve("sleep.json");
        Process syscage = start("record", "--backend", backend, "-o", out.toString(), "--", "sleep", "30");
        ProcessHandle sleep = awaitDescendant(syscage, "/sleep");
        new ProcessBuilder("kill", "-" + signal, Long.toString(syscage.pid())).start().waitFor();
        assertTrue(syscage.waitFor(20, TimeUnit.SECONDS), "syscage ended after SIG" + signal);
        String err = new String(syscage.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(exit, syscage.exitValue(), err);
        assertTrue(err.contains("syscage: note: recording interrupted by SIG" + signal), err);
        assertTrue(err.contains("sleep 30 was killed by SIG" + signal), err);
        assertFalse(err.contains("Exception"), err);
        Profile profile = ProfileReader.read(out);
        List<String> names = profile.syscalls().getFirst().names();
        assertTrue(names.contains("nanosleep") || names.contains("clock_nanosleep"), names.toString());
        assertTrue(Files.exists(dir.resolve("sleep.json.report.json")));
        // ProcessHandle tells a reused pid by its start time; a zombie may take a moment to be reaped by init.
        for (int i = 0; i < 40 && sleep.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertFalse(sleep.isAlive(), "sleep " + sleep.pid() + " left running");
        assertEquals(List.of(), recordingCgroupsOf(syscage.pid()));
    }

    /** The cgroups named after this syscage that remain at the top of the cgroup v2 hierarchy. */
    private static List<Path> recordingCgroupsOf(long pid) throws IOException {
        Optional<Path> mount = Cgroup2.mountPoint();
        if (mount.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(mount.get())) {
            return entries.filter(p -> p.getFileName().toString().startsWith("syscage-record-" + pid + "-")).toList();
        }
    }

    /** Waits until a process below {@code parent} runs an executable ending in {@code suffix}. */
    private static ProcessHandle awaitDescendant(Process parent, String suffix) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            Optional<ProcessHandle> found = parent.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith(suffix)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertTrue(parent.isAlive(), "syscage ended before the command ran");
            Thread.sleep(50);
        }
        throw new AssertionError("no process running *" + suffix + " below syscage");
    }

    /**
     * The CLI in a JVM of its own, in a new session (no controlling terminal, so SIGINT is
     * passed on as a signal from kill, not the keyboard) and with default signal actions even
     * when the build runs in the background.
     */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT,TERM,HUP",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
