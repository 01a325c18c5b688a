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
                + accept4 (aarch64): ALLOW
                ~ uname (aarch64): ALLOW -> ERRNO(38)
                """, ""), CliRun.run("diff", a.toString(), b.toString(), "--arch", "arm64"));
        CliRun json = CliRun.run("diff", a.toString(), b.toString(), "--arch", "arm64", "--format", "json");
        assertEquals(1, json.exit());
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertEquals(false, tree.get("same").asBoolean());
        assertEquals("added", tree.get("syscalls").get(0).get("change").asText());
        assertEquals("ERRNO(38)", tree.get("syscalls").get(1).get("b").get("text").asText());
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
        assertEquals(new CliRun(1, "- uname (x86_64, x86, x32): ALLOW\n", ""), r);
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), resolved.architectures());
    }

    @Test
    void stdinOnlyOnce() {
        assertEquals(new CliRun(2, "", "syscage: stdin can be read once, expected - at most once\n"),
                CliRun.run("diff", "-", "-"));
    }
}
