package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.cli.MainTest.Run;
import org.syscage.core.InputException;

class ReportCommandTest {
    static final String[] AMD64 = {"--arch", "x86_64", "--kernel", "6.8"};

    static Run report(String... args) {
        String[] all = new String[args.length + 1 + AMD64.length];
        all[0] = "report";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(AMD64, 0, all, 1 + args.length, AMD64.length);
        return MainTest.run(all);
    }

    @Test
    void writesThePageAndNeverReplacesOneWithoutForce(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("docker.html");
        Run first = report("builtin", "-o", out.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals("", first.out());
        assertEquals("syscage: wrote " + out + "\n", first.err());
        assertTrue(Files.readString(out).startsWith("<!DOCTYPE html>\n"));

        Run again = report("builtin", "-o", out.toString());
        assertEquals(2, again.code());
        assertEquals("syscage: " + out + ": already exists, expected a new file (add --force to replace it)\n", again.err());
        assertEquals(0, report("builtin", "-o", out.toString(), "--force").code());
    }

    @Test
    void dashIsStdout() {
        Run r = report("builtin", "-o", "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("<!DOCTYPE html>"), r.out());
        assertTrue(r.out().contains("<section id=\"docker\">"));
        assertEquals("", r.err());
    }

    @Test
    void withoutOutputThePageIsNamedAfterTheProfile() {
        assertEquals("app.html", ReportCommand.defaultOutput("profiles/app.json"));
        assertEquals("builtin.html", ReportCommand.defaultOutput("builtin"));
        assertEquals("Makefile.html", ReportCommand.defaultOutput("Makefile"));
        InputException e = assertThrows(InputException.class, () -> ReportCommand.defaultOutput("-"));
        assertEquals("reading the profile from stdin, expected -o OUT.html (or -o - for stdout)", e.getMessage());
    }

    @Test
    void aDockerProfileIsResolvedForTheContainerGiven() {
        Run plain = report("builtin", "-o", "-");
        Run admin = report("builtin", "-o", "-", "--cap-add", "SYS_ADMIN");
        assertTrue(plain.out().contains("x86_64, kernel 6.8, 14 capabilities"), plain.out());
        assertTrue(admin.out().contains("x86_64, kernel 6.8, 15 capabilities"));
        assertTrue(!plain.out().contains("data-name=\"mount\"") && admin.out().contains("data-name=\"mount\""));
    }

    @Test
    void aBadRecordingIsOneLineNamingItsPlace(@TempDir Path dir) throws IOException {
        Path sidecar = dir.resolve("app.json.report.json");
        Files.writeString(sidecar, "{\n  \"syscalls\": {}\n}\n");
        Run r = report("builtin", "-o", "-", "--recording", sidecar.toString());
        assertEquals(2, r.code());
        assertEquals("syscage: " + sidecar + ":2:15: found an object, expected 'syscalls' to be a list\n", r.err());
    }
}
