package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** {@code record --merge-into PROFILE}: the union of an existing profile and a new recording. */
class RecordMergeIntoTest {
    @TempDir
    Path dir;

    private static final String EXISTING = """
            {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
             "syscalls": [{"names": ["sync", "uname"], "action": "SCMP_ACT_ALLOW"}]}
            """;

    private static final String CRD = """
            apiVersion: security-profiles-operator.x-k8s.io/v1beta1
            kind: SeccompProfile
            metadata:
              name: my-app
              namespace: prod
              labels:
                team: web
              annotations:
                note: kept
            spec:
              defaultAction: SCMP_ACT_ERRNO
              architectures: [SCMP_ARCH_X86_64]
              syscalls:
              - names: [sync]
                action: SCMP_ACT_ALLOW
            """;

    private static TreeSet<String> allowed(Profile p) {
        TreeSet<String> names = new TreeSet<>();
        p.syscalls().stream().filter(r -> r.action() == Action.ALLOW).forEach(r -> names.addAll(r.names()));
        return names;
    }

    private static JsonNode entry(JsonNode report, String name) {
        for (JsonNode s : report.get("syscalls")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " not in the report");
    }

    private static List<String> why(JsonNode entry) {
        List<String> why = new ArrayList<>();
        entry.get("why").forEach(w -> why.add(w.asText()));
        return why;
    }

    @Test
    void theUnionGoesBackToTheProfileWithReasons() throws IOException {
        Path profile = dir.resolve("app.json");
        Files.writeString(profile, EXISTING);
        Object before = Files.readAttributes(profile, BasicFileAttributes.class).fileKey();

        CliRun r = CliRun.run("record", "--merge-into", profile.toString(), "--no-base-syscalls", "--", "/bin/true");

        assertEquals(0, r.exit(), r.err());
        Profile merged = ProfileReader.read(profile);
        TreeSet<String> names = allowed(merged);
        // From the existing profile, and what /bin/true does (execve, exit_group at least).
        assertTrue(names.containsAll(List.of("sync", "uname", "execve", "exit_group")), names.toString());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("app.json.report.json").toFile());
        assertEquals(List.of("merged"), why(entry(report, "sync")));
        assertEquals(List.of("recorded"), why(entry(report, "exit_group")));
        // Replaced by a rename (a new file), not rewritten in place; no temporary file left.
        assertNotEquals(before, Files.readAttributes(profile, BasicFileAttributes.class).fileKey());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("app.json", "app.json.report.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aRecordedNameAlsoInTheProfileAndTheBaseSetHasEveryReason() throws IOException {
        Path profile = dir.resolve("app.json");
        Files.writeString(profile, EXISTING.replace("\"uname\"", "\"execve\""));

        CliRun r = CliRun.run("record", "--merge-into", profile.toString(), "--base-syscalls", "execve,uname",
                "--", "/bin/true");

        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("app.json.report.json").toFile());
        assertEquals(List.of("recorded", "base set execve,uname", "merged"), why(entry(report, "execve")));
        assertEquals(List.of("base set execve,uname"), why(entry(report, "uname")));
        assertEquals(List.of("merged"), why(entry(report, "sync")));
    }

    @Test
    void aCrdKeepsItsMetadataAndItsApiVersion() throws IOException {
        Path profile = dir.resolve("app.yaml");
        Files.writeString(profile, CRD);

        CliRun r = CliRun.run("record", "--merge-into", profile.toString(), "--", "/bin/true");

        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(profile);
        assertTrue(text.startsWith("apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n"), text);
        Profile merged = ProfileReader.read(profile);
        assertEquals(new KubeMetadata("my-app", "prod", Map.of("team", "web"), Map.of("note", "kept")),
                new KubeMetadata(merged.metadata().name(), merged.metadata().namespace(), merged.metadata().labels(),
                        merged.metadata().annotations()));
        assertTrue(allowed(merged).containsAll(List.of("sync", "exit_group")), allowed(merged).toString());
    }

    @Test
    void minusOAndMinusTSendTheUnionElsewhereAndLeaveTheProfileAlone() throws IOException {
        Path profile = dir.resolve("app.yaml");
        Files.writeString(profile, CRD);
        Path out = dir.resolve("union.json");

        CliRun r = CliRun.run("record", "--merge-into", profile.toString(), "-o", out.toString(), "-t", "oci",
                "--", "/bin/true");

        assertEquals(0, r.exit(), r.err());
        assertEquals(CRD, Files.readString(profile));
        assertTrue(Files.readString(out).startsWith("{"), "OCI JSON expected");
        assertTrue(allowed(ProfileReader.read(out)).containsAll(List.of("sync", "exit_group")));
        // -o names a new file: the usual rule applies, an existing one needs --force.
        CliRun again = CliRun.run("record", "--merge-into", profile.toString(), "-o", out.toString(), "--", "/bin/true");
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void aBadProfileIsRefusedBeforeTheCommandRunsAndStaysAsItWas() throws IOException {
        Path profile = dir.resolve("bad.json");
        String bad = "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n \"syscalls\": [{\"names\": [\"read\"], \"action\": 7}]}\n";
        Files.writeString(profile, bad);
        Path marker = dir.resolve("ran");

        CliRun r = CliRun.run("record", "--merge-into", profile.toString(), "--", "/usr/bin/touch", marker.toString());

        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("syscage: " + profile + ":2:"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(bad, Files.readString(profile));
        assertFalse(Files.exists(marker), "the command must not run");
        assertFalse(Files.exists(dir.resolve("bad.json.report.json")));

        CliRun missing = CliRun.run("record", "--merge-into", dir.resolve("none.json").toString(), "--", "/bin/true");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void argumentRulesMergeIntoAProfile() throws IOException {
        Path profile = dir.resolve("app.json");
        Files.writeString(profile, EXISTING);

        CliRun r = CliRun.run("record", "--args", "--merge-into", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket()");

        assertEquals(0, r.exit(), r.err());
        Profile merged = ProfileReader.read(profile);
        List<SyscallRule> socket = merged.syscalls().stream().filter(s -> s.names().contains("socket")).toList();
        assertEquals(1, socket.size(), socket.toString());
        assertEquals(2, socket.getFirst().args().getFirst().value()); // AF_INET
        assertTrue(allowed(merged).contains("sync"));
    }
}
