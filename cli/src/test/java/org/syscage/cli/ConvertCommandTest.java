package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    static final String OCI = """
            {
            	"defaultAction": "SCMP_ACT_ERRNO",
            	"architectures": [
            		"SCMP_ARCH_X86_64"
            	],
            	"syscalls": [
            		{
            			"names": [
            				"read",
            				"write"
            			],
            			"action": "SCMP_ACT_ALLOW"
            		}
            	]
            }
            """;

    static final String CRD = """
            apiVersion: security-profiles-operator.x-k8s.io/v1
            kind: SeccompProfile
            metadata:
              name: %s
            spec:
              defaultAction: SCMP_ACT_ERRNO
              architectures:
              - SCMP_ARCH_X86_64
              syscalls:
              - names:
                - read
                - write
                action: SCMP_ACT_ALLOW
            """;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void convertsOciToCrdOnStdoutNamedAfterTheFile() throws IOException {
        Path in = file("My_App.json", OCI);
        Run r = run("convert", in.toString(), "-t", "crd");
        assertEquals(new Run(0, CRD.formatted("my-app"), ""), r);
    }

    @Test
    void convertsBackToOciWithDashAsStdout() throws IOException {
        Path in = file("app.yaml", CRD.formatted("app"));
        assertEquals(new Run(0, OCI, ""), run("convert", in.toString(), "--to", "oci", "-o", "-"));
    }

    @Test
    void writesOutAndRefusesToOverwriteItWithoutForce() throws IOException {
        Path in = file("app.json", OCI);
        Path out = dir.resolve("app.yaml");

        assertEquals(new Run(0, "", ""), run("convert", in.toString(), "-t", "crd", "--name", "web", "-o", out.toString()));
        assertEquals(CRD.formatted("web"), Files.readString(out));

        Run again = run("convert", in.toString(), "-t", "crd", "--name", "other", "-o", out.toString());
        assertEquals(2, again.exit());
        assertEquals("syscage: " + out + ": already exists, expected a new file (add --force to replace it)\n", again.err());
        assertEquals(CRD.formatted("web"), Files.readString(out));

        Run forced = run("convert", in.toString(), "-t", "crd", "--name", "other", "-o", out.toString(), "--force");
        assertEquals(0, forced.exit());
        assertEquals(CRD.formatted("other"), Files.readString(out));
    }

    @Test
    void aBadFileIsOneLineWithItsPositionAndExitCode2() throws IOException {
        Path in = file("bad.json", "{\n\t\"defaultAction\": \"SCMP_ACT_ERRNO\",\n\t\"syscalls\": [\n");
        Path out = dir.resolve("never.yaml");
        Run r = run("convert", in.toString(), "-t", "crd", "-o", out.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("syscage: " + in + ":4:1: unexpected end of file, expected ']'"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void readsStdinWhenInIsADash() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(OCI.getBytes(StandardCharsets.UTF_8)));
            assertEquals(new Run(0, CRD.formatted("from-stdin"), ""),
                    run("convert", "-", "-t", "crd", "--name", "from-stdin"));
            System.setIn(new ByteArrayInputStream(OCI.getBytes(StandardCharsets.UTF_8)));
            Run unnamed = run("convert", "-", "-t", "crd");
            assertEquals(2, unnamed.exit());
            assertTrue(unnamed.err().contains("expected --name NAME"), unnamed.err());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void refusesAnUnresolvedDockerProfileForOci() throws IOException {
        Path in = file("docker.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}}]}
                """);
        Run r = run("convert", in.toString(), "-t", "oci");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("run 'syscage resolve' first"), r.err());
        assertEquals(0, run("convert", in.toString(), "-t", "docker").exit());
    }

    @Test
    void rejectsAnUnknownFormatAndAnInvalidName() throws IOException {
        Path in = file("app.json", OCI);
        Run format = run("convert", in.toString(), "-t", "yaml");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("unknown format 'yaml', expected one of oci, docker, crd, crd-v1beta1"), format.err());

        Run name = run("convert", in.toString(), "-t", "crd", "--name", "Not_Valid");
        assertEquals(2, name.exit());
        assertTrue(name.err().startsWith("syscage: --name 'Not_Valid' is not a Kubernetes object name"), name.err());
    }

    /** QA: Docker's comment vanished on the way to a CRD; what a format cannot hold is named on stderr. */
    @Test
    void whatTheTargetFormatLeavesOutIsNoted() throws IOException {
        Path docker = file("commented.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": "stdin"},
                  {"names": ["write"], "action": "SCMP_ACT_ALLOW", "comment": "stdout"},
                  {"names": ["close"], "action": "SCMP_ACT_ALLOW"}]}
                """);
        Run crd = run("convert", docker.toString(), "-t", "crd");
        assertEquals(0, crd.exit(), crd.err());
        assertEquals("syscage: note: crd leaves out the comment of 2 rules (SPO's SeccompProfile has no comment field)\n",
                crd.err());
        assertEquals("", run("convert", docker.toString(), "-t", "docker").err(), "Docker keeps comments");
        Path labelled = file("labelled.yaml", """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata:
                  name: app
                  labels: {team: web}
                spec:
                  state: Disabled
                  defaultAction: SCMP_ACT_LOG
                """);
        Run oci = run("convert", labelled.toString(), "-t", "oci");
        assertEquals("syscage: note: oci leaves out the SeccompProfile's 1 label, state Disabled (oci has no Kubernetes "
                + "metadata)\n", oci.err());
    }

    /** SPO's SeccompProfile spec has no defaultErrnoRet: the refusal says so, and where the value can go. */
    @Test
    void aDefaultErrnoOtherThanEpermIsRefusedForACrdWithTheReason() throws IOException {
        Path in = file("enosys.json", "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38}");
        Run r = run("convert", in.toString(), "-t", "crd");
        assertEquals(2, r.exit());
        assertEquals("syscage: cannot write a SeccompProfile: defaultErrnoRet 38 has no place in it (SPO's SeccompProfile "
                + "spec has no defaultErrnoRet field, so its default action always returns EPERM), expected no "
                + "defaultErrnoRet or 1 (or write the profile as OCI JSON)\n", r.err());
    }

    @Test
    void helpShowsUsageAndAnExample() {
        Run r = run("convert", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: syscage convert"), r.out());
        assertTrue(r.out().contains("oci, docker, crd, crd-v1beta1"), r.out());
        assertTrue(r.out().contains("syscage convert profile.json -t crd -o profile.yaml"), r.out());
    }
}
