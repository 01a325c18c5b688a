package org.syscage.linux.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.syscage.linux.seccomp.SeccompLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting real commands under hand-written filters. The commands write to files rather than
 * to the inherited stdout, which belongs to the test runner.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private LaunchSpec sh(String script, byte[] filter) {
        return LaunchSpec.of(List.of("sh", "-c", script), filter).withWorkDir(dir);
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    @Test
    void theExitStatusIsTheCommands() {
        assertEquals(new ExitStatus.Exited(7), Launcher.launch(sh("exit 7", TestFilters.allowAll())).waitFor());
        assertEquals(new ExitStatus.Exited(0), Launcher.launch(sh("true", null)).waitFor());
    }

    @Test
    void aCommandKilledBySignalNExits128PlusN() {
        ExitStatus status = Launcher.launch(sh("kill -TERM $$", TestFilters.allowAll())).waitFor();
        assertEquals(new ExitStatus.Killed(15, false), status);
        assertEquals(143, status.code());
    }

    @Test
    void anErrnoActionFailsTheSyscallWithThatErrno() throws IOException {
        ExitStatus status = Launcher.launch(sh("exec uname -a >out 2>err", TestFilters.deny("uname",
                TestFilters.errno(1)))).waitFor();
        assertEquals(new ExitStatus.Exited(1), status);
        assertTrue(read("err").contains("Operation not permitted"), read("err"));
        assertEquals("", read("out"));
    }

    @Test
    void aKillProcessDenialEndsTheCommandWithSigsys() throws IOException {
        ExitStatus status = Launcher.launch(sh("exec uname -a >out", TestFilters.deny("uname",
                TestFilters.KILL_PROCESS))).waitFor();
        assertEquals(31, ((ExitStatus.Killed) status).signal());
        assertEquals(159, status.code());
        assertEquals("", read("out"));
    }

    @Test
    void theLauncherNeedsNothingFromTheFilterButExecve() {
        // The child's own steps (rt_sigaction, close_range, chdir, prctl) come before the
        // filter; execve is the first call it judges. The command then dies at its own first
        // syscall, after it started: that is its exit status, not a failure to launch.
        LaunchResult started = Launcher.launch(LaunchSpec.of(List.of("true"), TestFilters.allowOnly("execve"))
                .withWorkDir(dir));
        assertEquals(159, started.waitFor().code());
    }

    @Test
    void environmentAndWorkingDirectoryAreTheSpecs() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("GREETING", "hello world");
        LaunchSpec spec = LaunchSpec.of(List.of("sh", "-c", "pwd -P >out; env >env"), TestFilters.allowAll())
                .withWorkDir(sub).withEnv(env);
        assertEquals(0, Launcher.launch(spec).waitFor().code());
        assertEquals(sub.toRealPath().toString(), Files.readString(sub.resolve("out")).strip());
        Set<String> seen = Files.readAllLines(sub.resolve("env")).stream()
                .filter(line -> !line.startsWith("PWD=")) // sh adds its own PWD
                .collect(Collectors.toSet());
        assertEquals(Set.of("PATH=/usr/bin:/bin", "GREETING=hello world"), seen);
    }

    @Test
    void onlyStdinStdoutAndStderrAreInherited() throws IOException {
        // The JVM holds many descriptors (jars, pipes, the status pipe); ls sees only 0-2 and
        // the one it opens to read the directory.
        assertEquals(0, Launcher.launch(sh("exec ls /proc/self/fd >out", TestFilters.allowAll())).waitFor().code());
        assertEquals(List.of("0", "1", "2", "3"), Files.readAllLines(dir.resolve("out")));
    }

    @Test
    void theCommandStartsWithNoBlockedOrCaughtSignals() throws IOException {
        try (SignalForwarding ignored = SignalForwarding.install()) {
            // syscage ignores SIGQUIT while it forwards signals; the command must not inherit that.
            assertEquals(0, Launcher.launch(sh("exec cat /proc/self/status >out",
                    TestFilters.allowAll())).waitFor().code());
        }
        Map<String, Long> masks = Files.readAllLines(dir.resolve("out")).stream()
                .filter(line -> line.matches("Sig(Blk|Ign|Cgt):.*"))
                .map(line -> line.split(":\\s+"))
                .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseUnsignedLong(kv[1], 16)));
        assertEquals(0L, masks.get("SigBlk"));
        assertEquals(0L, masks.get("SigCgt"));
        assertEquals(0L, masks.get("SigIgn") & (1L << (SignalForwarding.SIGQUIT - 1)));
    }

    @Test
    void aFilterTheKernelRefusesNeverRunsTheCommand() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.launch(sh("touch marker", TestFilters.badJump())));
        assertEquals(2, e.exitCode());
        assertEquals(ChildStep.SECCOMP, e.step().orElseThrow());
        assertEquals(22, e.errno());
        assertEquals("cannot start sh: seccomp(SECCOMP_SET_MODE_FILTER): EINVAL (Invalid argument)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("marker")));
    }

    @Test
    void aFilterThatDeniesExecveWithAnErrnoIsReportedAsSuch() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.launch(sh("touch marker", TestFilters.deny("execve", TestFilters.errno(13)))));
        assertEquals(2, e.exitCode());
        assertEquals(ChildStep.EXECVE, e.step().orElseThrow());
        assertEquals("cannot start sh: execve: EACCES (Permission denied); the filter may deny execve",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("marker")));
    }

    @Test
    void aFilterThatKillsExecveIsReportedAsSuch() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> Launcher.launch(sh("touch marker", TestFilters.deny("execve", TestFilters.KILL_PROCESS))));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("the filter killed execve itself (signal 31)"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("marker")));
    }

    @Test
    void aCommandThatDiesOfSigsysAfterExecveIsNotMistakenForAKilledExecve() {
        // Same kill, one step later: the command started, so this is its exit status.
        ExitStatus status = Launcher.launch(LaunchSpec.of(List.of("uname"), TestFilters.deny("uname",
                TestFilters.KILL_PROCESS))).waitFor();
        assertEquals(159, status.code());
    }

    @Test
    void aMissingCommandIs127AndANonExecutableOne126() throws IOException {
        LaunchException missing = assertThrows(LaunchException.class,
                () -> Launcher.launch(LaunchSpec.of(List.of("no-such-command-anywhere"), null)));
        assertEquals(127, missing.exitCode());
        assertEquals("no-such-command-anywhere: command not found", missing.getMessage());

        Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\ntouch marker\n");
        LaunchException notExecutable = assertThrows(LaunchException.class,
                () -> Launcher.launch(LaunchSpec.of(List.of("./script"), null).withWorkDir(dir)));
        assertEquals(126, notExecutable.exitCode());
        assertFalse(Files.exists(dir.resolve("marker")));
        assertTrue(script.toFile().setExecutable(true));
        assertEquals(0, Launcher.launch(LaunchSpec.of(List.of("./script"), null).withWorkDir(dir)).waitFor().code());
        assertTrue(Files.exists(dir.resolve("marker")));
    }

    @Test
    void aSignalReachesTheCommandThroughItsPidfd() {
        LaunchResult sleeper = Launcher.launch(LaunchSpec.of(List.of("sleep", "30"), TestFilters.allowAll()));
        assertTrue(sleeper.signal(15));
        assertEquals(143, sleeper.waitFor().code());
        assertFalse(sleeper.signal(15), "a reaped command can no longer be signalled");
    }

    @Test
    void theListenerIsHandedToTheParent() throws IOException {
        LaunchResult result = Launcher.launch(sh("exit 3", TestFilters.allowAll())
                .withFlags(Set.of(SeccompLoader.Flag.NEW_LISTENER)));
        int listener = result.listenerFd().orElseThrow();
        try {
            assertEquals("anon_inode:seccomp notify",
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + listener)).toString());
            assertEquals(3, result.waitFor().code());
        } finally {
            Kernel.close(listener);
        }
    }
}
