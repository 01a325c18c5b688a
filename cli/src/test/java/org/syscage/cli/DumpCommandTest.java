package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.cli.SyscallsCommandTest.Run;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Equivalence;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * syscage dump against real programs: a python program that loads two libseccomp filters (and
 * exports their BPF, the reference), and man-db's sandbox. CI runs as root with python3-seccomp
 * and man-db installed.
 */
class DumpCommandTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = """
            import errno, os, sys, time
            import seccomp
            mode, out = sys.argv[1], sys.argv[2]
            first = seccomp.SyscallFilter(seccomp.ALLOW)
            first.add_rule(seccomp.ERRNO(errno.EPERM), "uname")
            second = seccomp.SyscallFilter(seccomp.KILL_PROCESS)
            for name in ("exit_group", "exit", "rt_sigreturn", "clock_nanosleep", "select", "pselect6", "wait4", "write"):
                second.add_rule(seccomp.ALLOW, name)
            for name, f in (("first", first), ("second", second)):
                with open(os.path.join(out, name + ".bpf"), "wb") as file:
                    f.export_bpf(file)
            first.load()
            second.load()
            if mode == "sleep":
                time.sleep(600)
            """;

    @TempDir
    Path dir;

    private String script() throws IOException {
        return Files.writeString(dir.resolve("filters.py"), SCRIPT).toString();
    }

    private byte[] reference(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name + ".bpf"));
    }

    private String disasm(String name) {
        Run r = SyscallsCommandTest.syscage("disasm", dir.resolve(name + ".bpf").toString());
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    @Test
    void dumpsTheFirstFilterOfACommandAsSeccompToolsWouldShowIt() throws IOException {
        Run r = SyscallsCommandTest.syscage("dump", "--color=never", "--", PYTHON, script(), "exit", dir.toString());

        assertEquals(0, r.exit(), r.err());
        assertEquals(disasm("first"), r.out());
        List<String> err = r.err().lines().toList();
        assertTrue(err.getFirst().matches("filter 0: pid \\d+ \\(python3\\): seccomp\\(SECCOMP_SET_MODE_FILTER\\), "
                + "x86_64, \\d+ instructions"), err.getFirst());
        assertEquals("limit of 1 filter reached: killed the command (--limit -1 dumps all)", err.get(1));
    }

    @Test
    void everyFilterGoesToItsOwnNumberedFile() throws IOException {
        String out = dir.resolve("dumped.bpf").toString();
        Run r = SyscallsCommandTest.syscage("dump", "-l", "-1", "-f", "bpf", "-o", out, "--",
                PYTHON, script(), "exit", dir.toString());

        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(reference("first"), Files.readAllBytes(dir.resolve("dumped.bpf")));
        assertArrayEquals(reference("second"), Files.readAllBytes(dir.resolve("dumped_1.bpf")));
        assertTrue(r.err().lines().toList().get(1).endsWith(" -> " + dir.resolve("dumped_1.bpf")), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aLiveProcessShowsItsStatusAndAllItsFiltersOldestFirst() throws Exception {
        String script = script();
        Process shell = new ProcessBuilder("sh", "-c", PYTHON + " " + script + " sleep " + dir + " & echo $!; wait")
                .start();
        int pid = Integer.parseInt(new BufferedReader(new InputStreamReader(shell.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().strip());
        try {
            awaitFilters(pid, 2);

            Run status = SyscallsCommandTest.syscage("dump", "--status", "-p", Integer.toString(pid));
            Run dump = SyscallsCommandTest.syscage("dump", "--color=never", "-p", Integer.toString(pid));
            Run raw = SyscallsCommandTest.syscage("dump", "-q", "-f", "raw", "-l", "1", "-p", Integer.toString(pid),
                    "-o", dir.resolve("live.bpf").toString());

            assertEquals(0, status.exit(), status.err());
            assertEquals("pid " + pid + " (python3): Seccomp filter mode, 2 filters, NoNewPrivs 1\n", status.out());
            assertEquals(0, dump.exit(), dump.err());
            assertEquals(disasm("first") + disasm("second"), dump.out());
            assertEquals(List.of(status.out().strip(),
                    "filter 0 of pid " + pid + " (index 0, oldest first): x86_64, " + reference("first").length / 8
                            + " instructions",
                    "filter 1 of pid " + pid + " (index 1, oldest first): x86_64, " + reference("second").length / 8
                            + " instructions"), dump.err().lines().toList());
            assertEquals(0, raw.exit(), raw.err());
            assertArrayEquals(reference("first"), Files.readAllBytes(dir.resolve("live.bpf")));
            assertTrue(Files.notExists(dir.resolve("live_1.bpf")), "--limit 1");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            shell.waitFor();
        }
    }

    private static void awaitFilters(int pid, int count) throws Exception {
        Path status = Path.of("/proc", Integer.toString(pid), "status");
        for (int i = 0; i < 6000; i++) {
            if (Files.readString(status).contains("Seccomp_filters:\t" + count + "\n")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid + " did not load its filters");
    }

    @Test
    void aProcessWithoutAFilterIsAFinding() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Run r = SyscallsCommandTest.syscage("dump", "-p", Long.toString(sleep.pid()));
            assertEquals(1, r.exit());
            assertEquals("syscage: pid " + sleep.pid() + " has no seccomp filter", r.err().lines().toList().get(1));
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor();
        }
    }

    @Test
    void aCommandThatInstallsNothingIsAFinding() {
        // "-c" here belongs to sh: everything from the first word of the command on is the command's.
        Run r = SyscallsCommandTest.syscage("dump", "sh", "-c", "exit 4");

        assertEquals(1, r.exit());
        assertEquals("syscage: no seccomp filter was installed; the command exited with 4\n", r.err());
    }

    /** man-db's sandbox through a shell command line, in seccomp-tools' inspect format. */
    @Test
    void mansFilterThroughAShellCommandLine() {
        Run r = SyscallsCommandTest.syscage("dump", "-q", "-f", "inspect", "-c", "man -P cat ls > /dev/null");

        assertEquals(0, r.exit(), r.err());
        // ld [4] (arch), then jeq AUDIT_ARCH_X86_64, as libseccomp starts every filter
        assertTrue(r.out().startsWith("\"\\x20\\x00\\x00\\x00\\x04\\x00\\x00\\x00\\x15"), r.out());
        assertTrue(r.out().contains("\\x3E\\x00\\x00\\xC0"), "AUDIT_ARCH_X86_64 in little-endian bytes");
        assertTrue(r.out().endsWith("\"\n"));
    }

    /** A libseccomp filter captured as a profile says what the python program asked libseccomp for. */
    @Test
    void aCapturedFilterBecomesTheProfileItWasBuiltFrom() throws IOException {
        Run r = SyscallsCommandTest.syscage("dump", "-q", "-f", "profile", "--", PYTHON, script(), "exit", dir.toString());

        assertEquals(0, r.exit(), r.err());
        Profile profile = ProfileReader.parse("dumped", r.out());
        assertEquals(Action.ALLOW, profile.defaultAction());
        SyscallRule uname = profile.syscalls().stream().filter(s -> s.names().contains("uname")).findFirst().orElseThrow();
        assertEquals(Action.ERRNO, uname.action());
        assertEquals(Integer.valueOf(1), uname.errnoRet());
    }

    /**
     * man-db's real sandbox, dumped as a profile: syscage's compilation of that profile decides as
     * the filter man installed does, for every input of each arch the profile lists.
     */
    @Test
    void mansFilterAsAProfileCompilesBackToTheSameDecisions() throws IOException {
        Path bpf = dir.resolve("man.bpf");
        Run raw = SyscallsCommandTest.syscage("dump", "-q", "-f", "bpf", "-o", bpf.toString(), "-c", "man -P cat ls > /dev/null");
        Run asProfile = SyscallsCommandTest.syscage("dump", "-f", "profile", "-c", "man -P cat ls > /dev/null");

        assertEquals(0, raw.exit(), raw.err());
        assertEquals(0, asProfile.exit(), asProfile.err());
        assertTrue(asProfile.err().contains("compiled back and proved equivalent"), asProfile.err());
        Profile profile = ProfileReader.parse("man", asProfile.out());
        BpfProgram dumped = BpfProgram.fromBytes(Files.readAllBytes(bpf), ByteOrder.LITTLE_ENDIAN);
        BpfProgram compiled = Compiler.compile(profile, CompileOptions.defaults()).program();
        assertTrue(profile.architectures().contains(Arch.X86_64), profile.architectures().toString());
        for (Arch arch : profile.architectures()) {
            assertEquals(Optional.empty(), Equivalence.counterexample(dumped, compiled, arch), arch.toString());
        }
    }

    @ParameterizedTest(name = "dump {0}")
    @CsvSource(delimiter = '|', value = {
            "''| missing what to dump: -p PID, -c COMMAND_LINE or -- CMD [ARG...]",
            "-p 1 -- true | give only one of -p PID, -c COMMAND_LINE and CMD",
            "--status -- true | --status needs -p PID",
            "-l 0 -- true | --limit must not be 0 (a negative N means all)",
            "-t 1 -p 1 | --timeout applies to a command, not to -p",
            "-- no-such-command-here | no-such-command-here: command not found"})
    void usageErrors(String args, String message) {
        Run r = SyscallsCommandTest.syscage(
                args.isBlank() ? new String[] {"dump"} : ("dump " + args.strip()).split(" "));
        assertEquals(2, r.exit(), r.err());
        assertEquals("syscage: " + message, r.err().lines().findFirst().orElseThrow());
    }

    @Test
    void anExistingOutputIsRefusedBeforeTheCommandRuns() throws IOException {
        Path out = Files.writeString(dir.resolve("taken.bpf"), "keep");
        Path marker = dir.resolve("ran");
        Run r = SyscallsCommandTest.syscage("dump", "-o", out.toString(), "--", "touch", marker.toString());

        assertEquals(2, r.exit());
        assertEquals("syscage: " + out + ": already exists, expected a new file (add --force to replace it)\n", r.err());
        assertTrue(Files.notExists(marker), "the command did not run");
        assertEquals("keep", Files.readString(out));
    }

    /** seccomp-tools' numbering: with --limit -1 any OUT_N may be written, so any one there stops the dump first. */
    @Test
    void anExistingNumberedOutputIsRefusedBeforeTheCommandRuns() throws IOException {
        Path taken = Files.writeString(dir.resolve("m_1.bpf"), "keep");
        Files.writeString(dir.resolve("m_x.bpf"), "not one of ours");
        Path marker = dir.resolve("ran");
        String out = dir.resolve("m.bpf").toString();

        Run all = SyscallsCommandTest.syscage("dump", "-l", "-1", "-f", "bpf", "-o", out, "--", "touch", marker.toString());
        assertEquals(2, all.exit());
        assertEquals("syscage: " + taken + ": already exists, expected a new file (add --force to replace it)\n",
                all.err());
        Run three = SyscallsCommandTest.syscage("dump", "-l", "3", "-f", "bpf", "-o", out, "--", "touch", marker.toString());
        assertEquals(all, three);
        assertTrue(Files.notExists(marker), "the command did not run");
        assertTrue(Files.notExists(dir.resolve("m.bpf")));
        assertEquals("keep", Files.readString(taken));

        // Two filters at most: m_1.bpf is not among the names, and the command runs.
        Run two = SyscallsCommandTest.syscage("dump", "-l", "2", "-f", "bpf", "-o", dir.resolve("n.bpf").toString(),
                "--", "touch", marker.toString());
        assertEquals(1, two.exit(), two.err());
        assertTrue(Files.exists(marker));
    }

    /** A FIFO takes every filter, one after the other, as stdout would; no n_1 file is made beside it. */
    @Test
    void aFifoReceivesEveryFilterInTurn() throws Exception {
        Path fifo = dir.resolve("filters.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Run r = SyscallsCommandTest.syscage("dump", "-l", "-1", "-f", "bpf", "-o", fifo.toString(), "--",
                PYTHON, script(), "exit", dir.toString());
        assertEquals(0, r.exit(), r.err());
        byte[] first = reference("first");
        byte[] second = reference("second");
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertArrayEquals(both, reader.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(Files.notExists(dir.resolve("filters_1.fifo")));
    }

    @Test
    void aQuotedCommandLineHintsAtMinusC() {
        Run r = SyscallsCommandTest.syscage("dump", "man -P cat ls");
        assertEquals(2, r.exit());
        assertEquals("syscage: man -P cat ls: command not found (to run a shell command line, use -c 'man -P cat ls')\n",
                r.err());
    }

    @ParameterizedTest(name = "{0} #{1} -> {2}")
    @CsvSource({
            "out.bpf, 0, out.bpf",
            "out.bpf, 1, out_1.bpf",
            "test/a.png, 3, test/a_3.png",
            "out, 2, out_2",
            "dir.d/out, 1, dir.d/out_1",
            ".profile, 1, .profile_1",
            "a.tar.gz, 1, a.tar_1.gz"})
    void outputFilesAreNumberedAsSeccompToolsNumbersThem(String file, int serial, String expected) {
        assertEquals(expected, OutputOptions.numbered(file, serial));
    }

    @Test
    void inspectQuotesEveryByte() {
        assertEquals("\"\\x20\\x00\\x00\\x00\\x04\\x00\\x00\\x00\\x06\\x00\\x00\\x00\\x00\\x00\\xFF\\x7F\"\n",
                DumpCommand.inspect(new byte[] {0x20, 0, 0, 0, 4, 0, 0, 0, 6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}));
    }
}
