package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.profile.Profile;

class DiffCommandTest {
    @TempDir
    Path dir;

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void sameDecisionsExitZeroWithoutOutput() throws IOException {
        Path a = file("a.json", """
                {"defaultAction": "SCMP_ACT_KILL", "syscalls": [{"names": ["write", "read"], "action": "SCMP_ACT_ALLOW"}]}
                """);
        Path b = file("b.yaml", """
                defaultAction: SCMP_ACT_KILL_THREAD
                architectures: [SCMP_ARCH_X86_64]
                syscalls:
                - {names: [read], action: SCMP_ACT_ALLOW}
                - {names: [write], action: SCMP_ACT_ALLOW}
                """);
        assertEquals(new CliRun(0, "", ""), CliRun.run("diff", a.toString(), b.toString(), "--arch", "x86_64"));
    }

    @Test
    void differencesExitOneLineBySyscall() throws IOException {
        Path a = file("a.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "uname"], "action": "SCMP_ACT_ALLOW"}]}
                """);
        Path b = file("b.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "accept4"], "action": "SCMP_ACT_ALLOW"},
                 {"names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
                """);
        assertEquals(new CliRun(1, """
                + accept4 (aarch64): ERRNO(1) -> ALLOW
                ~ uname (aarch64): ALLOW -> ERRNO(38)
                """, ""), CliRun.run("diff", a.toString(), b.toString(), "--arch", "arm64"));
        CliRun json = CliRun.run("diff", a.toString(), b.toString(), "--arch", "arm64", "--format", "json");
        assertEquals(1, json.exit());
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertEquals(false, tree.get("same").asBoolean());
        assertEquals("added", tree.get("syscalls").get(0).get("change").asText());
        assertEquals("ERRNO(38)", tree.get("syscalls").get(1).get("b").get("text").asText());
        assertEquals("ALLOW", tree.get("syscalls").get(1).get("witnesses").get(0).get("a").asText());
        assertEquals("ERRNO(38)", tree.get("syscalls").get(1).get("witnesses").get(0).get("b").asText());
    }

    @Test
    void dockersDefaultAgainstACopyWithoutUname() throws IOException {
        ResolveOptions container = ResolveOptions.docker(Arch.X86_64, KernelVersion.parseRelease("6.1"));
        Profile resolved = DockerResolver.resolve(BuiltinProfiles.dockerDefault(), container);
        Profile withoutUname = resolved.withSyscalls(resolved.syscalls().stream()
                .map(r -> r.withNames(r.names().stream().filter(n -> !n.equals("uname")).toList()))
                .filter(r -> !r.names().isEmpty()).toList());
        Path copy = file("copy.json", ProfileWriter.write(withoutUname, ProfileFormat.OCI));
        CliRun r = CliRun.run("diff", "builtin", copy.toString(), "--arch", "amd64", "--kernel", "6.1");
        assertEquals(new CliRun(1, "- uname (x86_64, x86, x32): ALLOW -> ERRNO(1)\n", ""), r);
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), resolved.architectures());
    }

    /** Docker's default resolved, and the profile decompiled from its compiled filter: proven alike, so no difference. */
    @Test
    void dockersDefaultAndItsDecompiledFilterDecideTheSame() {
        Path resolved = dir.resolve("res.json");
        Path bpf = dir.resolve("builtin.bpf");
        Path decompiled = dir.resolve("dec.json");
        assertEquals(0, CliRun.run("resolve", "builtin", "--arch", "amd64", "-o", resolved.toString()).exit());
        assertEquals(0, CliRun.run("compile", "builtin", "--arch", "amd64", "-o", bpf.toString()).exit());
        assertEquals(0, CliRun.run("decompile", bpf.toString(), "-o", decompiled.toString()).exit());
        assertEquals(new CliRun(0, "", ""), CliRun.run("diff", resolved.toString(), decompiled.toString(), "--arch", "amd64"));
    }

    @Test
    void conditionsWrittenDifferentlyThatMatchTheSameCallsAreNoDifference() throws IOException {
        Path a = file("a.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [
                 {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 38, "op": "SCMP_CMP_LT"}]},
                 {"names": ["mmap"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 4294967296, "op": "SCMP_CMP_GT"}]},
                 {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"}]}
                """);
        Path b = file("b.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [
                 {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
                 {"names": ["mmap"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 4294967297, "op": "SCMP_CMP_GE"}]},
                 {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 37, "op": "SCMP_CMP_LE"}]}]}
                """);
        assertEquals(new CliRun(0, "", ""), CliRun.run("diff", a.toString(), b.toString(), "--arch", "amd64"));
    }

    /** On x86, recv has no number of its own: it is socketcall(SYS_RECV = 10), and counts as recv. */
    @Test
    void aSubCallOfSocketcallIsReportedByItsNameWithAWitness() throws IOException {
        Path a = file("a.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                 "syscalls": [{"names": ["read", "recv", "send"], "action": "SCMP_ACT_ALLOW"}]}
                """);
        Path b = file("b.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                 "syscalls": [{"names": ["read", "recv"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_NE"}]}]}
                """);
        assertEquals(new CliRun(1, """
                + kill (x86_64, x86): ERRNO(1) -> ALLOW for arg1=0 (as written: ERRNO(1) -> ALLOW when arg1 != 9; otherwise ERRNO(1))
                - send (x86, through socketcall): ALLOW -> ERRNO(1) for any arguments
                """, ""), CliRun.run("diff", a.toString(), b.toString(), "--arch", "amd64"));
    }

    @Test
    void stdinOnlyOnce() {
        assertEquals(new CliRun(2, "", "syscage: stdin can be read once, expected - at most once\n"),
                CliRun.run("diff", "-", "-"));
    }

    /** QA's personality edit, value 0 changed to 1: a witness each way, in text and in JSON. */
    @Test
    void aChangeBothWaysShowsBothWitnesses() throws IOException {
        Path a = file("a.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                 "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}]}
                """);
        Path b = file("b.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                """);
        assertEquals(new CliRun(1, """
                ~ personality (x86_64): ALLOW -> ERRNO(1) for arg0=0; ERRNO(1) -> ALLOW for arg0=1 (as written: ALLOW when arg0 == 0; otherwise ERRNO(1) -> ALLOW when arg0 == 1; otherwise ERRNO(1))
                """, ""), CliRun.run("diff", a.toString(), b.toString(), "--arch", "amd64"));
        CliRun json = CliRun.run("diff", a.toString(), b.toString(), "--arch", "amd64", "--format", "json");
        JsonNode witnesses = new ObjectMapper().readTree(json.out()).get("syscalls").get(0).get("witnesses");
        assertEquals(2, witnesses.size());
        assertEquals(List.of("ALLOW", "ERRNO(1)", "0"), List.of(witnesses.get(0).get("a").asText(),
                witnesses.get(0).get("b").asText(), witnesses.get(0).get("args").get(0).asText()));
        assertEquals(List.of("ERRNO(1)", "ALLOW", "1"), List.of(witnesses.get(1).get("a").asText(),
                witnesses.get(1).get("b").asText(), witnesses.get(1).get("args").get(0).asText()));
        assertEquals("[0]", witnesses.get(1).get("matters").toString());
    }
}
