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
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

class MergeCommandTest {
    static final String RUN1 = """
            {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
             "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                          {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                           "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
            """;
    static final String RUN2 = """
            {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
             "syscalls": [{"names": ["read", "openat"], "action": "SCMP_ACT_ALLOW"}]}
            """;

    @TempDir
    Path dir;

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void mergesIntoTheUnion() throws IOException {
        Path out = dir.resolve("app.json");
        CliRun r = CliRun.run("merge", file("run1.json", RUN1).toString(), file("run2.json", RUN2).toString(),
                "-o", out.toString(), "--arch", "amd64");
        assertEquals(new CliRun(0, "", ""), r);
        assertEquals(Profile.of(Action.ERRNO, List.of(Arch.X86_64, Arch.X86), List.of(
                SyscallRule.of(List.of("openat", "read", "write"), Action.ALLOW),
                SyscallRule.of(List.of("socket"), Action.ALLOW, ArgCondition.of(0, Op.EQ, 1)))), ProfileReader.read(out));
    }

    @Test
    void checkExitsOneAndSaysWhatIsMissing() throws IOException {
        Path run1 = file("run1.json", RUN1);
        Path run2 = file("run2.json", RUN2);
        CliRun r = CliRun.run("merge", "--check", run1.toString(), run2.toString(), "--arch", "x86_64");
        assertEquals(new CliRun(1, run1 + " does not cover " + run2 + "; merging would change:\n"
                + "  + arch x86 (A's filter kills its calls)\n"
                + "  + openat (x86_64): ERRNO(1) -> ALLOW\n", ""), r);
    }

    @Test
    void checkExitsZeroWhenTheFirstCoversTheOthers() throws IOException {
        Path both = dir.resolve("both.json");
        assertEquals(0, CliRun.run("merge", file("run1.json", RUN1).toString(), file("run2.json", RUN2).toString(),
                "-o", both.toString()).exit());
        CliRun r = CliRun.run("merge", "--check", both.toString(), dir.resolve("run2.json").toString(),
                dir.resolve("run1.json").toString(), "--arch", "x86_64");
        assertEquals(0, r.exit(), r.out());
        assertEquals(both + " covers " + dir.resolve("run2.json") + ", " + dir.resolve("run1.json") + "\n", r.out());
        CliRun withOutput = CliRun.run("merge", "--check", both.toString(), both.toString(), "-o", "x.json");
        assertEquals(new CliRun(2, "", "syscage: --check writes nothing, expected no -o or --name\n"), withOutput);
    }

    @Test
    void notesGoToStderrAndCrdOutputIsNamed() throws IOException {
        Path logging = file("logging.json", """
                {"defaultAction": "SCMP_ACT_LOG", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        CliRun r = CliRun.run("merge", file("run1.json", RUN1).toString(), logging.toString(), "-t", "crd", "--name", "web");
        assertEquals(0, r.exit(), r.err());
        assertEquals("syscage: note: the default actions differ (ERRNO(1), LOG): the union keeps the least "
                + "restrictive, LOG\n", r.err());
        Profile p = ProfileReader.parse("out.yaml", r.out());
        assertEquals("web", p.metadata().name());
        assertEquals(Action.LOG, p.defaultAction());
    }

    @Test
    void dockerProfilesAreResolvedForTheContainerFirst() throws IOException {
        Path docker = file("docker.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PTRACE"]}}]}
                """);
        Path run1 = file("run1.json", RUN1);
        CliRun plain = CliRun.run("merge", run1.toString(), docker.toString(), "--arch", "amd64", "--kernel", "6.1");
        assertEquals(0, plain.exit(), plain.err());
        assertEquals(false, plain.out().contains("ptrace"), plain.out());
        CliRun withCap = CliRun.run("merge", run1.toString(), docker.toString(), "--arch", "amd64", "--kernel", "6.1",
                "--cap-add", "SYS_PTRACE");
        assertEquals(List.of("ptrace", "read", "write"), ProfileReader.parse("out", withCap.out()).syscalls().get(0).names());
    }

    /** Two kill rules with different actions on different arguments: merged with itself, the profile is unchanged. */
    @Test
    void aProfileMergedWithItselfIsItselfAndCoversItself() throws IOException {
        Path p1 = file("p1.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["kill"], "action": "SCMP_ACT_TRAP", "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_EQ"}]},
                              {"names": ["kill"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                """);
        Path merged = dir.resolve("mm.json");
        assertEquals(new CliRun(0, "", ""), CliRun.run("merge", p1.toString(), p1.toString(), "-o", merged.toString(),
                "--arch", "amd64"));
        assertEquals(new CliRun(0, "", ""), CliRun.run("diff", p1.toString(), merged.toString(), "--arch", "amd64"));
        assertEquals(new CliRun(0, p1 + " covers " + p1 + "\n", ""),
                CliRun.run("merge", "--check", p1.toString(), p1.toString(), "--arch", "amd64"));
    }

    @Test
    void needsTwoProfiles() {
        CliRun r = CliRun.run("merge", "only.json");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("syscage: "), r.err());
    }
}
