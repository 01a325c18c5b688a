package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;

/**
 * {@code syscage run} as a user runs it: a separate JVM whose stdin, stdout and stderr are
 * pipes the test reads and writes (the command inherits them), under filters written by hand
 * from the kernel's definitions.
 */
class RunCommandTest {
    private static final int KILL_PROCESS = 0x80000000;
    private static final int ALLOW = 0x7fff0000;
    private static final int ERRNO_EPERM = 0x00050000 | 1;

    @TempDir
    Path dir;
    Path allowAll;

    /** What one syscage process printed and returned. */
    record Outcome(int code, String out, String err) {}

    @BeforeEach
    void writeFilters() throws IOException {
        allowAll = filterFile("allow-all.bpf", null, 0);
    }

    @Test
    void anErrnoDenialMakesTheSyscallFailWithOperationNotPermitted() throws Exception {
        Outcome r = syscage("", "run", "--filter", filterFile("uname-eperm.bpf", "uname", ERRNO_EPERM).toString(),
                "--", "uname", "-a");
        assertTrue(r.code() != 0, r.toString());
        assertTrue(r.err().contains("Operation not permitted"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aKillProcessDenialExits159() throws Exception {
        Outcome r = syscage("", "run", "--filter", filterFile("uname-kill.bpf", "uname", KILL_PROCESS).toString(),
                "--", "uname", "-a");
        assertEquals(159, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("uname was killed by SIGSYS"), r.err());
    }

    @Test
    void theCommandsExitStatusAndDeathBySignalPassThrough() throws Exception {
        assertEquals(7, syscage("", "run", "--filter", allowAll.toString(), "--", "sh", "-c", "exit 7").code());
        assertEquals(143,
                syscage("", "run", "--filter", allowAll.toString(), "--", "sh", "-c", "kill -TERM $$").code());
    }

    @Test
    void stdinStdoutEnvironmentAndWorkingDirectoryPassThrough() throws Exception {
        Outcome r = syscage("line one\nline two\n", "run", "--filter", allowAll.toString(),
                "sh", "-c", "pwd -P; echo \"$SYSCAGE_TEST_VALUE\"; tr a-z A-Z; echo oops >&2");
        assertEquals(0, r.code(), r.toString());
        assertEquals(dir.toRealPath() + "\nvalue with spaces\nLINE ONE\nLINE TWO\n", r.out());
        assertEquals("oops\n", r.err());
    }

    @Test
    void optionsAfterTheCommandAreTheCommands() throws Exception {
        Outcome r = syscage("", "run", "--filter", allowAll.toString(), "ls", "-d", "--", ".");
        assertEquals(0, r.code(), r.toString());
        assertEquals(".\n", r.out());
    }

    @Test
    void aFilterTheKernelRefusesIsExit2AndTheCommandNeverRuns() throws Exception {
        Path badJump = write("bad-jump.bpf", program(stmt(0x20, 0), stmt(0x05, 5), stmt(0x06, ALLOW)));
        Outcome r = syscage("", "run", "--filter", badJump.toString(), "--", "touch", "marker");
        assertEquals(2, r.code());
        assertEquals("syscage: cannot start touch: seccomp(SECCOMP_SET_MODE_FILTER): EINVAL (Invalid argument)\n",
                r.err());
        assertFalse(Files.exists(dir.resolve("marker")));
    }

    @Test
    void aFilterThatDeniesExecveIsExit2AndTheCommandNeverRuns() throws Exception {
        Outcome r = syscage("", "run", "--filter", filterFile("no-execve.bpf", "execve", ERRNO_EPERM).toString(),
                "--", "touch", "marker");
        assertEquals(2, r.code());
        assertEquals("syscage: cannot start touch: execve: EPERM (Operation not permitted); the filter may deny "
                + "execve\n", r.err());
        assertFalse(Files.exists(dir.resolve("marker")));
    }

    @Test
    void anUnreadableOrMalformedFilterIsExit2AndTheCommandNeverRuns() throws Exception {
        Outcome missing = syscage("", "run", "--filter", "missing.bpf", "--", "touch", "marker");
        assertEquals(2, missing.code());
        assertEquals("syscage: missing.bpf: no such file\n", missing.err());

        write("short.bpf", new byte[12]);
        Outcome malformed = syscage("", "run", "--filter", "short.bpf", "--", "touch", "marker");
        assertEquals(2, malformed.code());
        assertEquals("syscage: short.bpf: a BPF filter is a sequence of 8-byte instructions, but the input has "
                + "12 bytes (4 left over)\n", malformed.err());

        write("empty.bpf", new byte[0]);
        Outcome empty = syscage("", "run", "--filter", "empty.bpf", "--", "touch", "marker");
        assertEquals(2, empty.code());
        assertEquals("syscage: empty.bpf: a seccomp program needs at least one instruction\n", empty.err());
        assertFalse(Files.exists(dir.resolve("marker")));
    }

    @Test
    void aMissingCommandIs127() throws Exception {
        Outcome r = syscage("", "run", "--filter", allowAll.toString(), "--", "no-such-command-anywhere");
        assertEquals(127, r.code());
        assertEquals("syscage: no-such-command-anywhere: command not found\n", r.err());
    }

    @Test
    void sigtermAndSigintSentToSyscageReachTheCommand() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path started = dir.resolve("started-" + signal);
            Process syscage = start("run", "--filter", allowAll.toString(), "--", "sh", "-c",
                    "trap 'echo got " + signal + "; exit 40' " + signal + "; touch " + started
                            + "; while :; do sleep 0.05; done");
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(syscage.getInputStream()));
            waitFor(started);
            new ProcessBuilder("kill", "-" + signal, Long.toString(syscage.pid())).start().waitFor();
            assertTrue(syscage.waitFor(20, TimeUnit.SECONDS), "syscage ended after SIG" + signal);
            assertEquals(40, syscage.exitValue(), "the command's trap decided the exit status");
            assertEquals("got " + signal + "\n", out.get());
        }
    }

    /**
     * A SIGINT sent to syscage (not from a terminal) reaches every process of CMD, not CMD alone:
     * the shell's foreground sleep dies at once, the shell then dies of SIGINT too (130), and
     * nothing is left running. Passed to the shell alone, it waited for the sleep's 30 seconds.
     */
    @Test
    void aSignalSentToSyscageReachesEveryProcessOfTheCommand() throws Exception {
        String marker = "31.25"; // a sleep no other process of the machine runs
        Process syscage = start("run", "-p", "builtin", "--", "sh", "-c", "sleep " + marker + "; echo after");
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(syscage.getInputStream()));
        for (int i = 0; i < 400 && sleeps(marker).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(1, sleeps(marker).size(), "the sleep started");
        long sent = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(syscage.pid())).start().waitFor();
        assertTrue(syscage.waitFor(5, TimeUnit.SECONDS), "syscage ended within 5 s of SIGINT");
        assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(5));
        assertEquals(130, syscage.exitValue());
        assertEquals("", out.get());
        assertEquals(List.of(), sleeps(marker), "no sleep left");
    }

    private static List<ProcessHandle> sleeps(String marker) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").equals("/usr/bin/sleep " + marker)
                        || p.info().arguments().map(a -> List.of(a).equals(List.of(marker))).orElse(false))
                .toList();
    }

    // ---- helpers

    /** Seed 000's flow: a profile that denies uname(2) with ERRNO makes uname fail with EPERM. */
    @Test
    void aProfileDenyingUnameWithErrnoMakesItFail() throws Exception {
        Path profile = dir.resolve("no-uname.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        Outcome denied = syscage("", "run", "-p", profile.toString(), "--", "uname", "-s");
        assertTrue(denied.code() != 0, denied.toString());
        assertTrue(denied.err().contains("Operation not permitted"), denied.err());
        Outcome allowed = syscage("", "run", "-p", profile.toString(), "--", "sh", "-c", "echo fine");
        assertEquals(new Outcome(0, "fine\n", ""), allowed);
    }

    /** The same profile as a SeccompProfile CRD in YAML behaves the same, here with KILL_PROCESS. */
    @Test
    void crdYamlAndJsonProfilesBehaveTheSame() throws Exception {
        Path json = dir.resolve("kill-uname.json");
        Files.writeString(json, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                """);
        Path yaml = dir.resolve("kill-uname.yaml");
        Files.writeString(yaml, """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata:
                  name: kill-uname
                spec:
                  defaultAction: SCMP_ACT_ALLOW
                  syscalls:
                  - names: [uname]
                    action: SCMP_ACT_KILL_PROCESS
                """);
        for (Path p : List.of(json, yaml)) {
            Outcome r = syscage("", "run", "-p", p.toString(), "--", "uname", "-s");
            assertEquals(159, r.code(), p + ": " + r);
            assertEquals("", r.out());
        }
    }

    /** Docker's default profile, as the default, runs ordinary tools. */
    @Test
    void theBuiltinProfileRunsOrdinaryTools() throws Exception {
        assertEquals(0, syscage("", "run", "--", "ls", "/").code());
        assertEquals(new Outcome(0, "hi\n", ""), syscage("", "run", "-p", "builtin", "--", "sh", "-c", "echo hi"));
        assertEquals(new Outcome(0, "3\n", ""),
                syscage("", "run", "-p", "builtin", "--", "/usr/bin/python3", "-c", "import json; print(1 + 2)"));
    }

    /** Fail closed: a missing or broken profile is exit 2 and the command never starts. */
    @Test
    void aMissingOrBrokenProfileNeverStartsTheCommand() throws Exception {
        Path marker = dir.resolve("marker");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"defaultAction\": \"SCMP_ACT_ALOW\"}");
        for (String p : List.of(dir.resolve("missing.json").toString(), broken.toString())) {
            Outcome r = syscage("", "run", "-p", p, "--", "touch", marker.toString());
            assertEquals(2, r.code(), r.toString());
            assertEquals(1, r.err().lines().count(), r.err());
            assertFalse(Files.exists(marker), "the command ran under " + p);
        }
    }

    /** A profile that allows every syscall this machine knows except uname, and denies the rest with ERRNO. */
    private Path everythingButUname() throws IOException {
        String names = SyscallTable.of(Arch.host()).names().stream().filter(n -> !n.equals("uname"))
                .sorted().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(","));
        return Files.writeString(dir.resolve("no-uname-default.json"), "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
                + "\"syscalls\": [{\"names\": [" + names + "], \"action\": \"SCMP_ACT_ALLOW\"}]}");
    }

    private static int unameNr() {
        return SyscallTable.of(Arch.host()).number("uname").orElseThrow();
    }

    /** Seed 000's flow: the default action denies uname; the report names the call, its caller and its cause. */
    @Test
    void anErrnoDenialIsReportedWithTheCallTheCallerAndTheDefaultAction() throws Exception {
        Path profile = everythingButUname();
        Outcome r = syscage("", "run", "-p", profile.toString(), "--report", "report.json", "--", "uname", "-s");
        assertEquals(1, r.code(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Operation not permitted"), r.err());
        String arch = Arch.host().kernelName();
        assertTrue(r.err().contains("syscage: denied uname (" + unameNr() + ") " + arch + " pid "), r.err());
        assertTrue(r.err().contains("-> ERRNO(1) by defaultAction"), r.err());
        assertTrue(r.err().contains("syscage: summary: 1 x uname -> ERRNO(1)"), r.err());

        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals(List.of("uname", "-s"), List.of(report.get("command").get(0).asText(), report.get("command").get(1).asText()));
        assertEquals(1, report.get("exit").asInt());
        assertEquals(1, report.get("violations").size());
        JsonNode v = report.get("violations").get(0);
        assertEquals("uname", v.get("syscall").asText());
        assertEquals(unameNr(), v.get("nr").asInt());
        assertEquals(arch, v.get("arch").asText());
        assertEquals(Path.of("/usr/bin/uname").toRealPath().toString(), v.get("exe").asText());
        assertEquals(6, v.get("args").size());
        assertEquals("ERRNO(1)", v.get("action").asText());
        assertEquals("defaultAction", v.get("decidedBy").asText());
        assertEquals(1, report.get("summary").get(0).get("count").asInt());
    }

    /**
     * A second run of the same profile takes its program from the cache: swapping the cached
     * program for one that allows everything lets uname through although the profile denies it. A
     * cache file that does not carry its key is ignored.
     */
    @Test
    void aSecondRunOfTheSameProfileTakesItsProgramFromTheCache() throws Exception {
        Path profile = everythingButUname();
        Outcome first = syscage("", "run", "-p", profile.toString(), "--", "uname", "-s");
        assertEquals(1, first.code(), first.toString());
        List<Path> entries;
        try (var files = Files.list(dir.resolve("cache"))) {
            entries = files.toList();
        }
        assertEquals(1, entries.size(), entries.toString());
        Path entry = entries.getFirst();
        byte[] stored = Files.readAllBytes(entry);
        int header = new String(stored, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
        assertTrue(new String(stored, 0, header, StandardCharsets.US_ASCII).contains(
                entry.getFileName().toString().replace(".bpf", "")), "the file repeats its key");

        byte[] allowAll = {0x06, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}; // ret SECCOMP_RET_ALLOW, little-endian
        byte[] swapped = java.util.Arrays.copyOf(stored, header + allowAll.length);
        System.arraycopy(allowAll, 0, swapped, header, allowAll.length);
        Files.write(entry, swapped);
        Outcome cached = syscage("", "run", "-p", profile.toString(), "--", "uname", "-s");
        assertEquals(0, cached.code(), cached.toString());
        assertEquals("Linux\n", cached.out());

        swapped[0] ^= 1; // the header no longer names the key
        Files.write(entry, swapped);
        Outcome ignored = syscage("", "run", "-p", profile.toString(), "--", "uname", "-s");
        assertEquals(1, ignored.code(), ignored.toString());
        assertTrue(ignored.err().contains("-> ERRNO(1) by defaultAction"), ignored.err());
    }

    /** Denials on a cached program are judged as on a fresh one (the judge is made while CMD starts). */
    @Test
    void aCachedProgramReportsDenialsAsAFreshOne() throws Exception {
        Path profile = everythingButUname();
        Outcome fresh = syscage("", "run", "-p", profile.toString(), "--", "uname", "-s");
        Outcome cached = syscage("", "run", "-p", profile.toString(), "--", "uname", "-s");
        assertEquals(1, cached.code(), cached.toString());
        // Only the pid and the argument pointers (address-space randomisation) may differ.
        String variable = "pid \\d+|args\\([^)]*\\)";
        assertEquals(fresh.err().replaceAll(variable, "-"), cached.err().replaceAll(variable, "-"));
    }

    /** Complain mode lets the call run and reports it; the suggested profile then runs the command cleanly. */
    @Test
    void complainModeAllowsAndReportsAndItsSuggestedProfileRunsCleanly() throws Exception {
        Path profile = everythingButUname();
        Outcome r = syscage("", "run", "-p", profile.toString(), "--complain", "--suggest-out", "widened.json",
                "--", "uname", "-s");
        assertEquals(0, r.code(), r.toString());
        assertEquals("Linux\n", r.out());
        assertTrue(r.err().contains("syscage: would deny uname (" + unameNr() + ")"), r.err());
        assertTrue(r.err().contains("{\"names\": [\"uname\"], \"action\": \"SCMP_ACT_ALLOW\"}"), r.err());

        assertEquals(new Outcome(0, "Linux\n", ""), syscage("", "run", "-p", "widened.json", "--", "uname", "-s"));

        Outcome again = syscage("", "run", "-p", profile.toString(), "--suggest-out", "widened.json", "--", "true");
        assertEquals(2, again.code(), "an existing file is not overwritten without --force");
        assertTrue(again.err().contains("widened.json: already exists, expected a new file (add --force to replace it)"),
                again.err());
    }

    /**
     * The profile is read once: from a FIFO, which gives its bytes to one reader only, run still
     * compiles, caches and judges. A second read (one to hash, one to parse) would wait forever.
     */
    @Test
    void aProfileIsReadOnceSoAFifoServesTheCacheKeyAndTheModel() throws Exception {
        Path fifo = dir.resolve("profile.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        byte[] text = Files.readAllBytes(everythingButUname());
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try {
                Files.write(fifo, text); // blocks until run opens the FIFO to read it
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        Outcome r = syscage("", "run", "-p", fifo.toString(), "--", "uname", "-s");

        writer.join(5_000);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("syscage: denied uname (" + unameNr() + ")"), r.err());
        assertEquals(1, cacheEntries().size(), "the program of the bytes read was cached");
    }

    /**
     * A profile on stdin is cached by its bytes like a file: the second run takes the program
     * from the cache (swapped here for one that allows everything, so uname runs).
     */
    @Test
    void aProfileOnStdinIsCachedByTheBytesThatWereParsed() throws Exception {
        String text = Files.readString(everythingButUname());
        Outcome first = syscage(text, "run", "-p", "-", "--", "uname", "-s");
        assertEquals(1, first.code(), first.toString());
        assertTrue(first.err().contains("-> ERRNO(1) by defaultAction"), first.err());
        List<Path> entries = cacheEntries();
        assertEquals(1, entries.size(), entries.toString());

        Path entry = entries.getFirst();
        byte[] stored = Files.readAllBytes(entry);
        int header = new String(stored, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
        byte[] allowAll = {0x06, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}; // ret SECCOMP_RET_ALLOW, little-endian
        byte[] swapped = java.util.Arrays.copyOf(stored, header + allowAll.length);
        System.arraycopy(allowAll, 0, swapped, header, allowAll.length);
        Files.write(entry, swapped);

        assertEquals(new Outcome(0, "Linux\n", ""), syscage(text, "run", "-p", "-", "--", "uname", "-s"));
    }

    /**
     * --suggest-out keeps a SeccompProfile's apiVersion and metadata; one without a name is named
     * after the file written (a SeccompProfile must have one).
     */
    @Test
    void aSuggestionForAV1beta1CrdIsAV1beta1Crd() throws Exception {
        String spec = """
                spec:
                  defaultAction: SCMP_ACT_ALLOW
                  syscalls:
                  - names: [uname]
                    action: SCMP_ACT_ERRNO
                """;
        Path named = Files.writeString(dir.resolve("named.yaml"), """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata:
                  name: web
                  namespace: shop
                  labels:
                    tier: front
                """ + spec);
        Path unnamed = Files.writeString(dir.resolve("unnamed.yaml"), """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                """ + spec);
        var yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

        Outcome r = syscage("", "run", "-p", named.toString(), "--complain", "--suggest-out", "web.yaml",
                "--", "uname", "-s");
        assertEquals(0, r.code(), r.toString());
        JsonNode web = yaml.readTree(dir.resolve("web.yaml").toFile());
        assertEquals("security-profiles-operator.x-k8s.io/v1beta1", web.path("apiVersion").asText());
        assertEquals("SeccompProfile", web.path("kind").asText());
        assertEquals("web", web.path("metadata").path("name").asText());
        assertEquals("shop", web.path("metadata").path("namespace").asText());
        assertEquals("front", web.path("metadata").path("labels").path("tier").asText());
        assertEquals("[{\"names\":[\"uname\"],\"action\":\"SCMP_ACT_ALLOW\"}]", web.path("spec").path("syscalls").toString());

        r = syscage("", "run", "-p", unnamed.toString(), "--complain", "--suggest-out", "suggested.yaml",
                "--", "uname", "-s");
        assertEquals(0, r.code(), r.toString());
        JsonNode suggested = yaml.readTree(dir.resolve("suggested.yaml").toFile());
        assertEquals("security-profiles-operator.x-k8s.io/v1beta1", suggested.path("apiVersion").asText());
        assertEquals("suggested", suggested.path("metadata").path("name").asText());
    }

    private List<Path> cacheEntries() throws IOException {
        try (var files = Files.list(dir.resolve("cache"))) {
            return files.toList();
        }
    }

    @Test
    void aKillProcessDenialExits159WithAReportLineNamingTheRule() throws Exception {
        Path profile = Files.writeString(dir.resolve("kill.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["uname"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                """);
        Outcome r = syscage("", "run", "-p", profile.toString(), "--", "uname", "-s");
        assertEquals(159, r.code(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("-> KILL_PROCESS by rule #1 (syscalls[1], names uname)"), r.err());
    }

    /** The filter is inherited: a background child's denial is reported with the child's own pid. */
    @Test
    void aChildProcessDenialIsReportedWithItsOwnPid() throws Exception {
        Path profile = everythingButUname();
        Outcome r = syscage("", "run", "-p", profile.toString(), "--", "sh", "-c", "uname -s & echo $!; wait");
        String childPid = r.out().strip();
        assertTrue(childPid.matches("[0-9]+"), r.toString());
        assertTrue(r.err().contains("syscage: denied uname (" + unameNr() + ") " + Arch.host().kernelName()
                + " pid " + childPid + " "), r.err());
    }

    /** The outputs written after CMD ends are checked before it starts: a refusal leaves CMD unrun and files as they were. */
    @Test
    void anExistingReportIsRefusedBeforeTheCommandRunsAndReplacedOnlyWithForce() throws Exception {
        Path profile = everythingButUname();
        Path report = Files.writeString(dir.resolve("rep.json"), "keep");
        Outcome r = syscage("", "run", "-p", profile.toString(), "--report", "rep.json", "--", "touch", "ran");
        assertEquals(new Outcome(2, "", "syscage: rep.json: already exists, expected a new file (add --force to "
                + "replace it)\n"), r);
        assertFalse(Files.exists(dir.resolve("ran")), "CMD did not run");
        assertEquals("keep", Files.readString(report));

        Outcome forced = syscage("", "run", "-p", profile.toString(), "--report", "rep.json", "--force",
                "--", "touch", "ran");
        assertEquals(0, forced.code(), forced.toString());
        assertTrue(Files.exists(dir.resolve("ran")));
        assertEquals(0, new ObjectMapper().readTree(report.toFile()).get("exit").asInt());
    }

    @Test
    void aReportInAMissingDirectoryOrInADirectorysPlaceIsRefusedBeforeTheCommandRuns() throws Exception {
        Path profile = everythingButUname();
        Files.createDirectory(dir.resolve("adir"));
        assertEquals(new Outcome(2, "", "syscage: nonexistdir/r.json: no such directory\n"),
                syscage("", "run", "-p", profile.toString(), "--report", "nonexistdir/r.json", "--", "touch", "ran"));
        assertEquals(new Outcome(2, "", "syscage: adir: is a directory\n"),
                syscage("", "run", "-p", profile.toString(), "--suggest-out", "adir", "--force", "--", "touch", "ran"));
        assertFalse(Files.exists(dir.resolve("ran")), "CMD did not run");
        assertEquals(List.of(), List.of(dir.resolve("adir").toFile().list()));
    }

    /**
     * CMD itself takes the report's directory away: the write fails after CMD ran. CMD's failure
     * is its exit code; its success becomes 2, as a missing report must not pass for a success.
     */
    @Test
    void aReportThatCannotBeWrittenAfterTheCommandKeepsTheCommandsStatus() throws Exception {
        Path profile = everythingButUname();
        Files.createDirectory(dir.resolve("gone"));
        Outcome failed = syscage("", "run", "-p", profile.toString(), "--report", "gone/r.json",
                "--", "sh", "-c", "rmdir gone; exit 3");
        assertEquals(3, failed.code(), failed.toString());
        assertEquals(List.of("syscage: gone/r.json: no such directory", "syscage: sh exited with 3"),
                failed.err().lines().toList());

        Files.createDirectory(dir.resolve("gone"));
        Outcome succeeded = syscage("", "run", "-p", profile.toString(), "--report", "gone/r.json",
                "--", "rmdir", "gone");
        assertEquals(2, succeeded.code(), succeeded.toString());
        assertEquals(List.of("syscage: gone/r.json: no such directory",
                "syscage: rmdir exited with 0; exit 2 as an output was not written"), succeeded.err().lines().toList());
    }

    @Test
    void theReportAndTheSuggestionCannotShareAFile() throws Exception {
        Outcome r = syscage("", "run", "-p", everythingButUname().toString(), "--report", "x.json",
                "--suggest-out", "./x.json", "--", "touch", "ran");
        assertEquals(new Outcome(2, "", "syscage: --report and --suggest-out name the same file x.json\n"), r);
        assertFalse(Files.exists(dir.resolve("ran")));
    }

    @Test
    void reportOptionsNeedAProfile() throws Exception {
        Outcome r = syscage("", "run", "--filter", allowAll.toString(), "--complain", "--", "true");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("need -p"), r.err());
    }

    private Outcome syscage(String stdin, String... args) throws Exception {
        Process process = start(args);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "syscage ended");
        return new Outcome(process.exitValue(), out.get(), err.get());
    }

    /**
     * The CLI in a JVM of its own, in a new session (setsid) so that it has no controlling
     * terminal even when the tests are run from one, and with default signal actions even when
     * the build runs in the background, where SIGINT is ignored (and stays ignored for CMD).
     */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT,TERM,HUP",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("SYSCAGE_TEST_VALUE", "value with spaces");
        builder.environment().put("SYSCAGE_CACHE_DIR", dir.resolve("cache").toString());
        return builder.start();
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 400 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " appeared");
    }

    /** Checks the arch (else KILL_PROCESS); {@code action} for {@code syscall}; allows the rest. */
    private Path filterFile(String name, String syscall, int action) throws IOException {
        List<int[]> insns = new ArrayList<>(List.of(
                stmt(0x20, 4),                                   // ld [4]: seccomp_data.arch
                jump(0x15, Arch.host().auditArch(), 1, 0),       // jeq #host arch
                stmt(0x06, KILL_PROCESS),
                stmt(0x20, 0)));                                 // ld [0]: seccomp_data.nr
        if (syscall != null) {
            insns.add(jump(0x15, SyscallTable.of(Arch.host()).number(syscall).orElseThrow(), 0, 1));
            insns.add(stmt(0x06, action));
        }
        insns.add(stmt(0x06, ALLOW));
        return write(name, program(insns.toArray(int[][]::new)));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static int[] stmt(int code, int k) {
        return new int[] {code, 0, 0, k};
    }

    private static int[] jump(int code, int k, int jt, int jf) {
        return new int[] {code, jt, jf, k};
    }

    /** struct sock_filter { __u16 code; __u8 jt, jf; __u32 k; } in this machine's byte order. */
    private static byte[] program(int[]... insns) {
        ByteBuffer out = ByteBuffer.allocate(insns.length * 8).order(ByteOrder.nativeOrder());
        for (int[] insn : insns) {
            out.putShort((short) insn[0]).put((byte) insn[1]).put((byte) insn[2]).putInt(insn[3]);
        }
        return out.array();
    }
}
