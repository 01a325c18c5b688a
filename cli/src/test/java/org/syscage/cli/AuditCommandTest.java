package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    static final Path SYSLOG = CliRun.resource("syslog-http-echo.log");

    @TempDir
    Path dir;

    @Test
    void printsEachRecordOfTheSelectedProgramWithNameAndAction() {
        CliRun r = CliRun.run("audit", "--file", SYSLOG.toString(), "--comm", "http-echo");
        List<String> lines = r.out().lines().toList();
        assertEquals(8, lines.size(), r.out());
        assertEquals("pid 29064 comm=http-echo exe=/http-echo x86_64 getsockname (51) -> LOG", lines.get(0));
        assertEquals("pid 29064 comm=http-echo exe=/http-echo x86_64 accept4 (288) -> LOG", lines.get(3));
        assertEquals(0, r.exit());
        assertEquals("syscage: warning: 1 broken seccomp record line skipped (first: " + SYSLOG + ":9: no syscall= field)\n",
                r.err());
    }

    @Test
    void selectsByPidAndPrintsJsonLines() throws IOException {
        CliRun r = CliRun.run("audit", "--file", SYSLOG.toString(), "--pid", "29001", "--format", "json");
        assertEquals(0, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r.out());
        JsonNode json = new ObjectMapper().readTree(lines.get(0));
        assertEquals("sh", json.get("comm").asText());
        assertEquals("/bin/busybox", json.get("exe").asText());
        assertEquals("x86_64", json.get("arch").asText());
        assertEquals("wait4", json.get("name").asText());
        assertEquals(61, json.get("syscall").asInt());
        assertEquals("LOG", json.get("action").asText());
        assertEquals("0x7ffc0000", json.get("code").asText());
        assertEquals("2020-07-06T20:37:40.484Z", json.get("time").asText());
        assertTrue(json.get("auid").isNull());
        assertEquals(0, json.get("uid").asInt());
    }

    @Test
    void readsStdinAndNamesNumbersItDoesNotKnow() {
        String log = "type=SECCOMP msg=audit(1.000:1): pid=7 comm=6D792070726F67 exe=\"/p\" sig=31 arch=c000003e "
                + "syscall=4000 compat=0 ip=0x1 code=0x80000000\n"
                + "type=SECCOMP msg=audit(1.000:2): pid=7 comm=\"p\" sig=0 arch=c0001234 syscall=5 code=0x50000\n";
        CliRun r = CliRun.runWithStdin(log, "audit", "--file", "-");
        assertEquals(new CliRun(0, """
                pid 7 comm="my prog" exe=/p x86_64 ? (4000) -> KILL_PROCESS
                pid 7 comm=p arch=0xc0001234 syscall 5 -> ERRNO
                """, ""), r);
    }

    @Test
    void theSourceIsTheFileGivenElseAuditdsLogElseKmsg() throws IOException {
        Path auditd = dir.resolve("audit.log");
        Path kmsg = Path.of("/dev/kmsg");
        assertEquals(new AuditCommand.Source.Stdin(), AuditCommand.choose("-", auditd, kmsg));
        assertEquals(new AuditCommand.Source.LogFile(Path.of("x.log")), AuditCommand.choose("x.log", auditd, kmsg));
        assertEquals(new AuditCommand.Source.Kmsg(kmsg), AuditCommand.choose(null, auditd, kmsg));
        Files.writeString(auditd, "");
        assertEquals(new AuditCommand.Source.LogFile(auditd), AuditCommand.choose(null, auditd, kmsg));
    }

    @Test
    void aMissingFileIsAnInputError() {
        CliRun r = CliRun.run("audit", "--file", dir.resolve("nope.log").toString());
        assertEquals(2, r.exit());
        assertEquals("syscage: " + dir.resolve("nope.log") + ": no such file\n", r.err());
    }

    /** Like lint and compile, the error names the directory (it said only "Is a directory"), with or without -f. */
    @Test
    void aDirectoryIsNamed() {
        CliRun r = CliRun.run("audit", "--file", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("syscage: " + dir + ": cannot read: Is a directory\n", r.err());
        CliRun follow = CliRun.run("audit", "--follow", "--file", dir.toString());
        assertEquals("syscage: " + dir + ": cannot read: Is a directory\n", follow.err());
    }

    @Test
    void followPrintsRecordsAsTheyAreAppended() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, Files.readAllLines(SYSLOG).get(1) + "\n");
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower = Thread.ofPlatform().start(() -> exit.set(Main.execute(
                new String[] {"audit", "--follow", "--file", log.toString()}, new PrintWriter(out), new PrintWriter(new StringWriter()))));
        try {
            waitFor(() -> out.toString().lines().count() == 1);
            Files.writeString(log, Files.readAllLines(SYSLOG).get(4) + "\n", StandardOpenOption.APPEND);
            waitFor(() -> out.toString().lines().count() == 2);
        } finally {
            follower.interrupt();
            follower.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertEquals(0, exit.get());
        assertEquals("""
                pid 29064 comm=http-echo exe=/http-echo x86_64 getsockname (51) -> LOG
                pid 29001 comm=sh exe=/bin/busybox x86_64 wait4 (61) -> LOG
                """, out.toString());
    }

    /**
     * A followed log has no end (Ctrl-C ends the JVM): each broken record line is reported on
     * stderr as it is read, while following, not in a summary that would never come.
     */
    @Test
    void followReportsABrokenLineAsItIsRead() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, Files.readAllLines(SYSLOG).get(1) + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower = Thread.ofPlatform().start(() -> exit.set(Main.execute(
                new String[] {"audit", "--follow", "--file", log.toString()}, new PrintWriter(out), new PrintWriter(err))));
        try {
            waitFor(() -> out.toString().lines().count() == 1);
            Files.writeString(log, "type=1326 audit(1594067860.484:14538): pid=1 comm=\"x\" syscall=zzz arch=c000003e "
                    + "code=0x7ffc0000\n", StandardOpenOption.APPEND);
            waitFor(() -> err.toString().contains("\n"));
            assertEquals("syscage: warning: broken seccomp record line skipped: " + log + ":2: ",
                    err.toString().substring(0, err.toString().indexOf(":2: ") + 4));
        } finally {
            follower.interrupt();
            follower.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertEquals(0, exit.get());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void aPidMustBeAPositiveNumber() {
        for (String pid : List.of("-3", "0", "x1")) {
            CliRun r = CliRun.run("audit", "--file", SYSLOG.toString(), "--pid", pid);
            assertEquals(2, r.exit(), pid);
            assertTrue(r.err().startsWith("syscage: Invalid value for option '--pid': '" + pid + "' is not a process "
                    + "id, expected a positive whole number\n"), r.err());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }

    /**
     * The real thing: a process under a filter that logs uname(2) (libseccomp's Python binding, as
     * Debian ships it), then its record read back from the kernel's buffer. Needs root for /dev/kmsg.
     */
    @Test
    void readsARecordTheKernelJustLogged() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import ctypes, os, seccomp
                # A name of its own, so that an older record of a reused pid cannot match.
                ctypes.CDLL(None).prctl(15, b"sc-audit-probe", 0, 0, 0)
                f = seccomp.SyscallFilter(seccomp.ALLOW)
                f.add_rule(seccomp.LOG, "uname")
                f.load()
                os.uname()
                print(os.getpid())
                """).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), output);
        String pid = output;
        String expected = "pid " + pid + " comm=sc-audit-probe exe=";
        // kauditd hands the record to the log buffer asynchronously.
        CliRun r = null;
        for (int i = 0; i < 20; i++) {
            r = CliRun.run("audit", "--pid", pid, "--comm", "sc-audit-probe");
            if (r.out().contains(expected)) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith(expected), lines.get(0));
        assertTrue(lines.get(0).endsWith(" x86_64 uname (63) -> LOG"), lines.get(0));
    }
}
