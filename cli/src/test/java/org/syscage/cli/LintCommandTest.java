package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.cli.MainTest.Run;

class LintCommandTest {
    static final String[] AMD64 = {"--arch", "x86_64", "--kernel", "6.8"};

    static Run lint(String... args) {
        String[] all = new String[args.length + 1 + AMD64.length];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(AMD64, 0, all, 1 + args.length, AMD64.length);
        return MainTest.run(all);
    }

    @Test
    void dockersDefaultHasNoErrorsAndExitsZero() {
        Run r = lint("builtin");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("builtin:374:5: warning: SC012 multiplexer-door: socketcall"), r.out());
        assertTrue(r.out().endsWith("builtin: 0 errors, 1 warning, 4 info (x86_64, kernel 6.8, 14 capabilities)\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void failOnWarningMakesTheSameProfileFail() {
        Run r = lint("builtin", "--fail-on", "warning");
        assertEquals(1, r.code());
        assertEquals("syscage: 1 finding is warning or worse (--fail-on warning)\n", r.err());
        assertEquals(0, lint("builtin", "--fail-on", "none", "--cap-add", "SYS_ADMIN").code());
    }

    @Test
    void capAddShowsTheCapabilityGatedDangerousAllows() {
        Run r = lint("builtin", "--cap-add", "SYS_ADMIN");
        assertTrue(r.out().contains("warning: SC001 dangerous-allow: mount is allowed"), r.out());
        assertTrue(r.out().contains("warning: SC002 namespace-creation: unshare can create namespaces"), r.out());
    }

    @Test
    void anErrorExitsOne(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("violation.json");
        Files.writeString(p, "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\"\n}\n");
        Run r = lint(p.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith(p + ":2:3: error: SC017 denies-execve"), r.out());
    }

    @Test
    void jsonIsOneObjectForMachines() throws IOException {
        Run r = lint("builtin", "--format", "json");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("builtin", root.get("file").asText());
        assertEquals(1, root.get("counts").get("warning").asInt());
        assertEquals("SC012", root.get("findings").get(1).get("id").asText());
    }

    @Test
    void formatNamesAreReadWhateverTheirCase() throws IOException {
        Run r = lint("builtin", "--format", "JSON");
        assertEquals(0, r.code(), r.err());
        assertEquals("builtin", new ObjectMapper().readTree(r.out()).get("file").asText());
    }

    @Test
    void sarifGoesToAFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("lint.sarif");
        Run r = lint("builtin", "--format", "sarif", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        JsonNode log = new ObjectMapper().readTree(Files.readString(out));
        assertEquals("2.1.0", log.get("version").asText());
        assertEquals("syscage", log.get("runs").get(0).get("tool").get("driver").get("name").asText());
        assertEquals(5, log.get("runs").get(0).get("results").size());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run xml = lint("builtin", "--format", "xml");
        assertEquals(2, xml.code());
        assertTrue(xml.err().startsWith("syscage: Invalid value for option '--format': expected one of "
                + "[text, json, sarif]"), xml.err());
        assertEquals(2, lint("builtin", "--fail-on", "fatal").code());
        Run missing = lint("no-such-profile.json");
        assertEquals(2, missing.code());
        assertEquals("syscage: no-such-profile.json: no such file\n", missing.err());
    }
}
