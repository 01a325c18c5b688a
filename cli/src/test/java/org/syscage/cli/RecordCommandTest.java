package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

class RecordCommandTest {
    static final Path SYSLOG = CliRun.resource("syslog-http-echo.log");
    static final Profile HTTP_ECHO = Profile.of(Action.ERRNO, List.of(Arch.X86_64), List.of(SyscallRule.of(
            List.of("accept4", "futex", "getsockname", "pselect6", "read", "setsockopt"), Action.ALLOW)));

    @TempDir
    Path dir;

    @Test
    void theTutorialsLogGivesHttpEchoItsSixSyscalls() {
        Path out = dir.resolve("http-echo.json");
        CliRun r = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--comm", "http-echo", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(HTTP_ECHO, ProfileReader.read(out));
        assertTrue(r.err().endsWith("syscage: wrote " + out + ": 6 syscalls on x86_64 from 8 record(s)\n"), r.err());
    }

    @Test
    void crdOutputIsASeccompProfileNamedAfterTheProgram() throws IOException {
        Path out = dir.resolve("echo.yaml");
        CliRun r = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--exe", "/http-echo", "-t", "crd",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String yaml = Files.readString(out);
        assertTrue(yaml.startsWith("apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\n"), yaml);
        Profile read = ProfileReader.read(out);
        assertEquals("echo", read.metadata().name());
        assertEquals(HTTP_ECHO.syscalls(), read.syscalls());
        assertEquals(HTTP_ECHO.architectures(), read.architectures());
        assertEquals(Action.ERRNO, read.defaultAction());

        CliRun toStdout = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--comm", "http-echo",
                "-t", "crd-v1beta1", "-o", "-");
        assertTrue(toStdout.out().contains("apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n"), toStdout.out());
        assertTrue(toStdout.out().contains("  name: http-echo\n"), toStdout.out());
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForce() throws IOException {
        Path out = dir.resolve("p.json");
        Files.writeString(out, "keep me");
        CliRun refused = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--comm", "http-echo", "-o", out.toString());
        assertEquals(2, refused.exit());
        assertEquals("syscage: " + out + ": already exists, expected a new file (add --force to replace it)\n",
                refused.err().lines().filter(l -> l.contains("already exists")).findFirst().orElse("") + "\n");
        assertEquals("keep me", Files.readString(out));
        CliRun forced = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--comm", "http-echo", "-o",
                out.toString(), "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals(HTTP_ECHO, ProfileReader.read(out));
    }

    @Test
    void theDefaultOutputIsNamedAfterTheProgram() {
        assertEquals("http-echo.json", RecordCommand.defaultOutput("http-echo", ProfileFormat.OCI));
        assertEquals("http-echo.yaml", RecordCommand.defaultOutput("http-echo", ProfileFormat.CRD));
    }

    @Test
    void nothingMatchingIsAFinding() {
        CliRun r = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--comm", "nginx", "-o", dir.resolve("x").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("syscage: none of the 9 seccomp records in " + SYSLOG
                + " matches --comm nginx (commands seen: http-echo, sh)"), r.err());
        assertEquals(false, Files.exists(dir.resolve("x")));
    }

    @Test
    void severalProgramsNeedAChoiceOfName() {
        CliRun r = CliRun.run("record", "--from-audit-log", SYSLOG.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("the records come from several programs (http-echo, sh), expected -o OUT"), r.err());
    }

    @Test
    void recordingACommandWritesTheProfileAndItsReport() throws IOException {
        Path out = dir.resolve("true.json");
        CliRun r = CliRun.run("record", "--backend", "ptrace", "-o", out.toString(), "--", "/bin/true");
        assertEquals(0, r.exit(), r.err());
        Profile profile = ProfileReader.read(out);
        assertEquals(Action.ERRNO, profile.defaultAction());
        assertEquals(List.of(Arch.X86_64), profile.architectures());
        List<String> names = profile.syscalls().getFirst().names();
        // /bin/true's own calls, and runc's base set (execve is both)
        assertTrue(names.containsAll(List.of("execve", "exit_group", "brk", "mmap", "capset", "futex")), names.toString());

        JsonNode report = new ObjectMapper().readTree(dir.resolve("true.json.report.json").toFile());
        assertEquals(0, report.get("commandExit").asInt());
        assertEquals("runc", report.get("baseSyscalls").asText());
        JsonNode exitGroup = find(report, "exit_group");
        assertEquals(1, exitGroup.get("count").asInt());
        assertEquals("/usr/bin/true", exitGroup.get("executable").asText());
        assertEquals("[\"recorded\"]", exitGroup.get("why").toString());
        assertEquals("[\"base set runc\"]", find(report, "capset").get("why").toString());
        assertTrue(r.err().contains("syscage: wrote " + out + " and " + out + ".report.json"), r.err());
    }

    @Test
    void withoutBaseSyscallsTheProfileIsWhatRan() {
        Path out = dir.resolve("p.json");
        CliRun r = CliRun.run("record", "--no-base-syscalls", "-o", out.toString(), "--", "/bin/true");
        assertEquals(0, r.exit(), r.err());
        List<String> names = ProfileReader.read(out).syscalls().getFirst().names();
        assertTrue(!names.contains("capset") && names.contains("exit_group"), names.toString());

        CliRun listed = CliRun.run("record", "--base-syscalls", "execve,getpid", "-o", "-", "--", "/bin/true");
        assertTrue(listed.out().contains("\"getpid\""), listed.out());
        assertTrue(!listed.out().contains("\"capset\""), listed.out());
    }

    @Test
    void theCommandsFailureIsPassedOnAndTheProfileStillWritten() {
        Path out = dir.resolve("sh.yaml");
        CliRun r = CliRun.run("record", "-t", "crd", "-o", out.toString(), "--", "sh", "-c", "exit 7");
        assertEquals(7, r.exit(), r.err());
        Profile read = ProfileReader.read(out);
        assertEquals("sh", read.metadata().name());
        assertTrue(read.syscalls().getFirst().names().contains("exit_group"));
        assertTrue(r.err().contains("exited with 7"), r.err());
    }

    @Test
    void anExistingOutputIsRefusedBeforeTheCommandRuns() throws IOException {
        Path out = dir.resolve("p.json");
        Files.writeString(out, "keep me");
        Path marker = dir.resolve("ran");
        CliRun r = CliRun.run("record", "-o", out.toString(), "--", "touch", marker.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("already exists"), r.err());
        assertTrue(Files.notExists(marker));
        assertEquals("keep me", Files.readString(out));
    }

    @Test
    void unavailableModesAreRefusedClearly() {
        CliRun bogus = CliRun.run("record", "--backend", "dtrace", "-o", "-", "--", "true");
        assertEquals(2, bogus.exit());
        assertTrue(bogus.err().startsWith("syscage: Invalid value for option '--backend': expected one of [auto, "
                + "ptrace, ebpf] (case-insensitive) but was 'dtrace'\n"), bogus.err());
        CliRun cgroupWithPtrace = CliRun.run("record", "--backend", "ptrace", "--cgroup", "/", "-o", "-");
        assertEquals(2, cgroupWithPtrace.exit());
        assertTrue(cgroupWithPtrace.err().contains("recorded with the eBPF backend only"), cgroupWithPtrace.err());
        CliRun twoTargets = CliRun.run("record", "--pid", "1", "-o", "-", "--", "true");
        assertEquals(2, twoTargets.exit());
        assertTrue(twoTargets.err().contains("expected only one of them"), twoTargets.err());
        CliRun badDuration = CliRun.run("record", "--pid", "1", "--duration", "soon", "-o", "-");
        assertEquals(2, badDuration.exit());
        assertTrue(badDuration.err().contains("'soon' is not a duration"), badDuration.err());
        CliRun argsWithEbpf = CliRun.run("record", "--args", "--backend", "ebpf", "-o", "-", "--", "true");
        assertEquals(2, argsWithEbpf.exit());
        assertTrue(argsWithEbpf.err().contains("--args reads argument values at ptrace stops"), argsWithEbpf.err());
        CliRun args = CliRun.run("record", "--args", "--from-audit-log", SYSLOG.toString());
        assertEquals(2, args.exit());
        assertTrue(args.err().contains("--args applies to recording a command"), args.err());
        CliRun base = CliRun.run("record", "--base-syscalls", "execve,nosuchcall", "-o", "-", "--", "true");
        assertEquals(2, base.exit());
        assertTrue(base.err().contains("unknown syscall 'nosuchcall'"), base.err());
        CliRun none = CliRun.run("record");
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("syscage: missing -- CMD [ARGS...] or --from-audit-log FILE\n"), none.err());
        CliRun both = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--", "ls");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("expected no command"), both.err());
    }

    /** A profile from a log cannot honour the options of a live recording: each is refused, by name, in one line. */
    @Test
    void optionsOfALiveRecordingAreRefusedWithAnAuditLog() {
        List<List<String>> options = List.of(List.of("--duration", "2s"), List.of("--backend", "ptrace"),
                List.of("--backend", "auto"), List.of("--base-syscalls", "runc"), List.of("--no-base-syscalls"),
                List.of("--cgroup", "/"), List.of("--merge-into", SYSLOG.toString()));
        for (List<String> option : options) {
            List<String> cli = new java.util.ArrayList<>(List.of("record", "--from-audit-log", SYSLOG.toString(),
                    "--comm", "http-echo", "-o", "-"));
            cli.addAll(option);
            CliRun r = CliRun.run(cli.toArray(String[]::new));
            assertEquals(2, r.exit(), option.toString());
            assertEquals("", r.out(), option.toString());
            assertTrue(r.err().startsWith("syscage: " + option.getFirst() + " applies to recording a command"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void aBadBackendIsNamedBeforeTheOutputIsChecked() throws IOException {
        Path existing = Files.writeString(dir.resolve("true.json"), "keep me");
        CliRun r = CliRun.run("record", "--backend", "bogus", "-o", existing.toString(), "--", "true");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("'bogus'"), r.err());
        assertTrue(!r.err().contains("already exists"), r.err());
    }

    @Test
    void aCommandThatCannotStartExitsAsRunDoes() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("script"), "echo hi\n");
        for (String backend : List.of("ebpf", "ptrace")) {
            Path out = dir.resolve("p-" + backend + ".json");
            CliRun missing = CliRun.run("record", "--backend", backend, "-o", out.toString(), "--",
                    "no-such-command-anywhere");
            assertEquals(new CliRun(127, "", "syscage: no-such-command-anywhere: command not found\n"), missing);
            CliRun denied = CliRun.run("record", "--backend", backend, "-o", out.toString(), "--",
                    notExecutable.toString());
            assertEquals(new CliRun(126, "", "syscage: " + notExecutable + ": permission denied\n"), denied);
            assertTrue(Files.notExists(out));
        }
    }

    @Test
    void aCommandKilledByASignalIsSaidSo() {
        for (String backend : List.of("ebpf", "ptrace")) {
            Path out = dir.resolve("segv-" + backend + ".json");
            CliRun r = CliRun.run("record", "--backend", backend, "-o", out.toString(), "--", "sh", "-c", "kill -SEGV $$");
            assertEquals(139, r.exit(), r.err());
            assertTrue(r.err().contains("; sh -c kill -SEGV $$ was killed by SIGSEGV"), r.err());
            assertTrue(Files.exists(out));
        }
    }

    @Test
    void theCommandsOwnExecveIsTheOnlyOneAndNamesTheFileRun() throws IOException {
        for (String backend : List.of("ebpf", "ptrace")) {
            Path out = dir.resolve("true-" + backend + ".json");
            // A bare name: the starting shell would try each directory of PATH with execve.
            CliRun r = CliRun.run("record", "--backend", backend, "-o", out.toString(), "--", "true");
            assertEquals(0, r.exit(), r.err());
            JsonNode execve = find(new ObjectMapper().readTree(dir.resolve("true-" + backend + ".json.report.json")
                    .toFile()), "execve");
            assertEquals(1, execve.get("count").asInt(), backend + ": " + execve);
            String executable = execve.get("executable").asText();
            assertTrue(executable.startsWith("/") && executable.endsWith("/true"), backend + ": " + executable);
        }
    }

    @Test
    void theTracedCommandSeesItsNameAsWrittenInArgvZero() throws IOException {
        // a tracer, like a shell or strace, executes the file found on PATH under the name given
        Path cmdline = dir.resolve("cmdline");
        CliRun r = CliRun.run("record", "--backend", "ptrace", "-o", dir.resolve("cp.json").toString(), "--",
                "cp", "/proc/self/cmdline", cmdline.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("cp", Files.readString(cmdline).split("\0")[0]);
    }

    @Test
    void aDeviceAsOutputGetsTheProfileAndNoReportBesideIt() throws Exception {
        Path nullDevice = dir.resolve("null");
        assertEquals(0, new ProcessBuilder("mknod", nullDevice.toString(), "c", "1", "3").start().waitFor());
        CliRun r = CliRun.run("record", "-o", nullDevice.toString(), "--", "true");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.notExists(dir.resolve("null.report.json")));
        assertFalse(Files.isRegularFile(nullDevice), "the device must stay a device");
    }

    private static JsonNode find(JsonNode report, String name) {
        for (JsonNode s : report.get("syscalls")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " not in the report");
    }

    @Test
    void namesSeenOnOneArchOnlyAreReported() throws IOException {
        Path log = dir.resolve("mixed.log");
        Files.writeString(log, """
                audit: type=1326 audit(1.000:1): pid=5 comm="p" exe="/p" sig=0 arch=c000003e syscall=2 compat=0 ip=0x1 code=0x7ffc0000
                audit: type=1326 audit(1.000:2): pid=5 comm="p" exe="/p" sig=0 arch=40000003 syscall=102 compat=1 ip=0x1 code=0x7ffc0000
                audit: type=1326 audit(1.000:3): pid=5 comm="p" exe="/p" sig=0 arch=40000003 syscall=5 compat=1 ip=0x1 code=0x7ffc0000
                """);
        CliRun r = CliRun.run("record", "--from-audit-log", log.toString(), "-o", "-");
        assertEquals(0, r.exit(), r.err());
        Profile p = ProfileReader.parse("out", r.out());
        assertEquals(List.of(Arch.X86_64, Arch.X86), p.architectures());
        assertEquals(List.of(SyscallRule.of(List.of("open", "socketcall"), Action.ALLOW)), p.syscalls());
        // open was made on both arches; socketcall does not exist on x86_64, so nothing is widened.
        assertEquals(false, r.err().contains("note:"), r.err());

        Files.writeString(log, """
                audit: type=1326 audit(1.000:1): pid=5 comm="p" exe="/p" sig=0 arch=c000003e syscall=0 compat=0 ip=0x1 code=0x7ffc0000
                audit: type=1326 audit(1.000:2): pid=5 comm="p" exe="/p" sig=0 arch=40000003 syscall=4 compat=1 ip=0x1 code=0x7ffc0000
                """);
        CliRun widened = CliRun.run("record", "--from-audit-log", log.toString(), "-o", "-");
        assertTrue(widened.err().contains("syscage: note: read was not seen on x86 but is allowed there too"), widened.err());
        assertTrue(widened.err().contains("syscage: note: write was not seen on x86_64 but is allowed there too"), widened.err());
    }
}
