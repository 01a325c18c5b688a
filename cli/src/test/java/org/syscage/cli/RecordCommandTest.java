package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void recordingALiveCommandIsNotAvailableYet() {
        CliRun r = CliRun.run("record", "-o", dir.resolve("ls.json").toString(), "--", "ls", "-l");
        assertEquals(new CliRun(2, "", "syscage: recording a live command is not available yet, "
                + "expected --from-audit-log FILE\n"), r);
        CliRun none = CliRun.run("record");
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("syscage: missing --from-audit-log FILE\n"), none.err());
        CliRun both = CliRun.run("record", "--from-audit-log", SYSLOG.toString(), "--", "ls");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("expected no command"), both.err());
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
