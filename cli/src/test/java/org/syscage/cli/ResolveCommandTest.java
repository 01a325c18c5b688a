package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

class ResolveCommandTest {

    /** A Docker profile with the deprecated singular name and a capability-gated rule. */
    static final String DOCKER = """
            {
            	"defaultAction": "SCMP_ACT_ERRNO",
            	"archMap": [
            		{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]},
            		{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
            	],
            	"syscalls": [
            		{"name": "read", "action": "SCMP_ACT_ALLOW", "comment": "always"},
            		{"names": ["get_mempolicy"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_NICE"]}},
            		{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}
            	]
            }
            """;

    /** What dockerd makes of DOCKER on amd64, kernel 5.10, default capabilities. */
    static final String OCI_AMD64 = """
            {
            	"defaultAction": "SCMP_ACT_ERRNO",
            	"architectures": [
            		"SCMP_ARCH_X86_64",
            		"SCMP_ARCH_X86"
            	],
            	"syscalls": [
            		{
            			"names": [
            				"read"
            			],
            			"action": "SCMP_ACT_ALLOW"
            		},
            		{
            			"names": [
            				"ptrace"
            			],
            			"action": "SCMP_ACT_ALLOW"
            		}
            	]
            }
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

    Path dockerFile() throws IOException {
        Path p = dir.resolve("app.json");
        Files.writeString(p, DOCKER);
        return p;
    }

    static List<String> names(Profile p) {
        return p.syscalls().stream().flatMap(r -> r.names().stream()).toList();
    }

    static Profile parse(Run r) {
        assertEquals(0, r.exit(), r.err());
        return ProfileReader.parse("out", r.out());
    }

    @Test
    void printsThePlainOciProfileOnStdout() throws IOException {
        assertEquals(new Run(0, OCI_AMD64, ""), run("resolve", dockerFile().toString(), "--arch", "amd64", "--kernel", "5.10"));
    }

    @Test
    void capAddAndCapDropChangeTheContainersCapabilities() throws IOException {
        String in = dockerFile().toString();
        assertEquals(List.of("read", "get_mempolicy", "ptrace"),
                names(parse(run("resolve", in, "-a", "x86_64", "--kernel", "5.10", "--cap-add", "sys_nice"))));
        assertEquals(List.of("read", "ptrace"), names(parse(run("resolve", in, "-a", "x86_64", "--kernel", "5.10",
                "--cap-add", "ALL", "--cap-drop", "SYS_NICE"))));
        assertEquals(List.of("read", "get_mempolicy", "ptrace"), names(parse(run("resolve", in, "-a", "x86_64", "--kernel",
                "5.10", "--cap-drop", "ALL", "--cap-add", "CAP_SYS_NICE"))));
    }

    @Test
    void kernelAndArchDecide() throws IOException {
        Profile old = parse(run("resolve", dockerFile().toString(), "--arch", "SCMP_ARCH_AARCH64", "--kernel", "4.7.0-generic"));
        assertEquals(List.of("read"), names(old));
        assertEquals(List.of(Arch.AARCH64, Arch.ARM), old.architectures());
    }

    @Test
    void builtinIsDockersDefault() {
        Profile plain = parse(run("resolve", "builtin", "--arch", "amd64", "--kernel", "6.1"));
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), plain.architectures());
        assertFalse(names(plain).contains("get_mempolicy"));
        assertTrue(names(plain).contains("ptrace"));
        assertTrue(plain.syscalls().contains(new SyscallRule(List.of("clone3"), Action.ERRNO, 38, List.of(), null, null, null)));

        Profile nice = parse(run("resolve", "builtin", "--arch", "amd64", "--kernel", "6.1", "--cap-add", "SYS_NICE"));
        assertTrue(names(nice).contains("get_mempolicy"));
    }

    @Test
    void defaultsAreThisMachine() {
        Run r = run("resolve", "builtin");
        assertEquals(0, r.exit(), r.err());
        assertFalse(ProfileReader.parse("out", r.out()).isDockerFormat());
    }

    @Test
    void writesCrdNamedAfterTheInput() throws IOException {
        Run r = run("resolve", "builtin", "-a", "arm64", "--kernel", "6.1", "-t", "crd");
        Profile crd = parse(r);
        assertTrue(r.out().startsWith("apiVersion: security-profiles-operator.x-k8s.io/v1\n"), r.out());
        assertEquals("docker-default", crd.metadata().name());
        assertEquals(List.of(Arch.AARCH64, Arch.ARM), crd.architectures());

        assertEquals("app", parse(run("resolve", dockerFile().toString(), "-t", "crd-v1beta1")).metadata().name());
        assertEquals("web", parse(run("resolve", "builtin", "-t", "crd", "--name", "web")).metadata().name());
    }

    @Test
    void writesOutOnlyWithForceWhenItExists() throws IOException {
        Path out = dir.resolve("plain.json");
        String in = dockerFile().toString();
        assertEquals(new Run(0, "", ""), run("resolve", in, "-a", "amd64", "--kernel", "5.10", "-o", out.toString()));
        assertEquals(OCI_AMD64, Files.readString(out));

        Run again = run("resolve", "builtin", "-o", out.toString());
        assertEquals(2, again.exit());
        assertEquals("syscage: " + out + ": already exists, expected a new file (add --force to replace it)\n", again.err());
        assertEquals(OCI_AMD64, Files.readString(out));

        assertEquals(0, run("resolve", "builtin", "-o", out.toString(), "--force").exit());
        assertTrue(ProfileReader.read(out).syscalls().size() > 10);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        String in = dockerFile().toString();
        for (String[] args : List.of(
                new String[] {"resolve", in, "--cap-add", "SYS_NICENESS"},
                new String[] {"resolve", in, "--kernel", "five"},
                new String[] {"resolve", in, "--arch", "vax"},
                new String[] {"resolve", in, "--arch", "x32"},
                new String[] {"resolve", in, "-t", "docker"},
                new String[] {"resolve", in, "--name", "web"},
                new String[] {"resolve", dir.resolve("missing.json").toString()})) {
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertTrue(r.err().startsWith("syscage: "), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    /**
     * resolve, record, merge and decompile write a profile they build, which has no Docker fields:
     * docker is refused with the formats that are written, as help lists them; convert takes all four.
     */
    @Test
    void theFormatsOfABuiltProfileAreListedInHelpAndErrors() throws IOException {
        String in = dockerFile().toString();
        String expected = "expected one of oci, crd, crd-v1beta1";
        for (String command : List.of("resolve", "merge", "record", "decompile")) {
            // the value is refused as it is parsed, before the command looks at its inputs
            Run docker = run(command, "-t", "docker", in, in);
            assertEquals(2, docker.exit(), command);
            assertTrue(docker.err().startsWith("syscage: Invalid value for option '--to': format 'docker' is not written "
                    + "here (the profile has none of Docker's fields; convert writes a Docker profile), " + expected),
                    command + ": " + docker.err());
            Run typo = run(command, "-t", "ocj", in, in);
            assertTrue(typo.err().contains("unknown format 'ocj' (did you mean 'oci'?), " + expected), typo.err());
        }
        assertTrue(run("resolve", "--help").out().replaceAll("\\s+", " ").contains("Output format: oci, crd, crd-v1beta1."));
        Run convert = run("convert", in, "-t", "yaml");
        assertTrue(convert.err().contains("unknown format 'yaml', expected one of oci, docker, crd, crd-v1beta1"),
                convert.err());
    }

    @Test
    void unknownCapabilityListsTheValidOnes() throws IOException {
        Run r = run("resolve", dockerFile().toString(), "--cap-add", "SYS_NICENESS");
        assertTrue(r.err().startsWith("syscage: unknown capability 'SYS_NICENESS', expected ALL or one of CAP_CHOWN,"), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void bothArchitecturesAndArchMapAreRefused() throws IOException {
        Path both = dir.resolve("both.json");
        Files.writeString(both, """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}]}
                """);
        Run r = run("resolve", both.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("'architectures' and 'archMap'"), r.err());
    }

    @Test
    void helpShowsAnExample() {
        Run r = run("resolve", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("syscage resolve builtin"), r.out());
        assertTrue(r.out().contains("--cap-add"), r.out());
    }
}
