package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.SeccompData;

class CompileCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path profile() throws Exception {
        Path p = dir.resolve("app.json");
        Files.writeString(p, """
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                               "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                """);
        return p;
    }

    @Test
    void writesTheRawFilterThatDecidesAsTheProfile() throws Exception {
        Path out = dir.resolve("app.bpf");
        Run r = run("compile", profile().toString(), "--arch", "x86_64", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        BpfProgram p = BpfProgram.fromBytes(Files.readAllBytes(out), ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x7fff0000, Emulator.decide(p, SeccompData.of(Arch.X86_64, 0), true));
        assertEquals(0x7fff0000, Emulator.decide(p, SeccompData.of(Arch.X86_64, 41, 1), true));
        assertEquals(0x00050001, Emulator.decide(p, SeccompData.of(Arch.X86_64, 41, 2), true));
        assertEquals(0x80000000, Emulator.decide(p, SeccompData.of(Arch.AARCH64, 63), true));
        assertTrue(r.err().contains("proven equivalent"), r.err());
    }

    @Test
    void pseudoCodeNamesTheSyscallsAndTheirTests() throws Exception {
        Run r = run("compile", profile().toString(), "--arch", "x86_64", "-f", "pfc");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("# socket"), r.out());
        assertTrue(r.out().contains("$a0.lo32 == 0x1"), r.out());
        assertTrue(r.out().contains("action ERRNO(1);"), r.out());
    }

    @Test
    void cArrayAndDisassembly() throws Exception {
        Run c = run("compile", profile().toString(), "--arch", "x86_64", "-f", "c");
        assertTrue(c.out().contains("struct sock_filter filter[]"), c.out());
        Run d = run("compile", profile().toString(), "--arch", "x86_64", "-f", "disasm");
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("return ALLOW"), d.out());
    }

    @Test
    void dotGraphHasABlockPerLeaderAndBothEdgesOfEveryConditionalJump() throws Exception {
        Path bpf = dir.resolve("app.bpf");
        assertEquals(0, run("compile", profile().toString(), "--arch", "x86_64", "-o", bpf.toString()).code());
        List<Insn> program = BpfProgram.fromBytes(Files.readAllBytes(bpf), ByteOrder.LITTLE_ENDIAN).instructions();
        Run r = run("compile", profile().toString(), "--arch", "x86_64", "-f", "dot");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("digraph filter {"), r.out());

        // basic blocks of the program, worked out here from the instructions themselves
        TreeSet<Integer> leaders = new TreeSet<>(List.of(0));
        Set<String> edges = new HashSet<>();
        for (int pc = 0; pc < program.size(); pc++) {
            Insn in = program.get(pc);
            int cls = in.code() & 0x07;
            if (cls == 0x06) { // ret
                leaders.add(pc + 1);
            } else if (cls == 0x05) { // jmp
                List<Integer> targets = (in.code() & 0xf0) == 0x00 // ja
                        ? List.of(pc + 1 + in.k())
                        : List.of(pc + 1 + in.jt(), pc + 1 + in.jf());
                leaders.add(pc + 1);
                leaders.addAll(targets);
                for (int t : targets) {
                    edges.add(String.format("%04d->%04d", pc, t));
                }
            }
        }
        leaders.remove(program.size());
        for (int l : leaders) {
            int cls = l == 0 ? -1 : program.get(l - 1).code() & 0x07;
            if (l > 0 && cls != 0x05 && cls != 0x06) {
                edges.add(String.format("%04d->%04d", l - 1, l)); // falls into a jump target
            }
        }
        Set<String> nodes = new HashSet<>();
        Set<String> dotEdges = new HashSet<>();
        Matcher node = Pattern.compile("(?m)^  L(\\d{4}) \\[label=").matcher(r.out());
        while (node.find()) {
            nodes.add(node.group(1));
        }
        Matcher edge = Pattern.compile("(?m)^  L(\\d{4}) -> L(\\d{4})").matcher(r.out());
        while (edge.find()) {
            dotEdges.add(edge.group(1) + "->" + edge.group(2));
        }
        assertEquals(leaders.stream().map(l -> String.format("%04d", l)).collect(Collectors.toSet()), nodes);
        // an edge leaves the block that ends with the jump: name it by that block's leader
        Set<String> expected = new HashSet<>();
        for (String e : edges) {
            int from = Integer.parseInt(e.substring(0, 4));
            expected.add(String.format("%04d", leaders.floor(from)) + e.substring(4));
        }
        assertEquals(expected, dotEdges);
        for (int pc = 0; pc < program.size(); pc++) {
            assertTrue(r.out().contains(String.format("%04d: ", pc)), "instruction " + pc + " is in a block's label");
        }
    }

    @Test
    void compilesDockersDefaultResolvedForAContainer() {
        Run r = run("compile", "builtin", "--arch", "amd64", "--kernel", "6.8", "--cap-add", "SYS_NICE", "-f", "pfc");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("get_mempolicy"), "CAP_SYS_NICE allows get_mempolicy");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Run r = run("compile", profile().toString(), "--bad-arch", "explode");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("syscage: --bad-arch"), r.err());
        Path unknown = dir.resolve("u.json");
        Files.writeString(unknown, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"nope\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
        Run strict = run("compile", unknown.toString(), "--strict", "-f", "pfc");
        assertEquals(2, strict.code());
        assertTrue(strict.err().contains("unknown syscall 'nope'"), strict.err());
        Run lax = run("compile", unknown.toString(), "-f", "pfc");
        assertEquals(0, lax.code());
        assertTrue(lax.err().contains("warning: syscalls[0]: unknown syscall 'nope' skipped"), lax.err());
    }

    /** QA: --strict said "syscalls[0]: unknown syscall 'nosuchcall'" without the place. */
    @Test
    void strictNamesThePlaceOfTheUnknownName() throws Exception {
        Path unknown = dir.resolve("unk.json");
        Files.writeString(unknown, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [
                   {"names": ["mkdir",
                              "nosuchcall"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
                """);
        Run strict = run("compile", unknown.toString(), "--strict", "-f", "pfc");
        assertEquals(2, strict.code());
        assertEquals("syscage: " + unknown + ":4:15: unknown syscall 'nosuchcall', expected a syscall some architecture "
                + "has (--strict)\n", strict.err());
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "defaultAction: SCMP_ACT_ERRNO\nsyscalls:\n- names: [read, wrte]\n  action: SCMP_ACT_ALLOW\n");
        Run yaml = run("compile", typo.toString(), "--strict", "-f", "pfc");
        assertEquals("syscage: " + typo + ":3:17: unknown syscall 'wrte' (did you mean 'write'?), expected a syscall "
                + "some architecture has (--strict)\n", yaml.err());
    }

    /** QA: the libseccomp refusal said "syscalls[2]: …" without the place of the rule. */
    @Test
    void aRefusedRuleIsNamedByItsPlace() throws Exception {
        Path conflict = dir.resolve("rw3.json");
        Files.writeString(conflict, """
                {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,"architectures":["SCMP_ARCH_X86_64"],
                "syscalls":[{"names":["execve","exit_group"],"action":"SCMP_ACT_ALLOW"},
                {"names":["fchmod"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":5,"op":"SCMP_CMP_LT"}]},
                {"names":["fchmod"],"action":"SCMP_ACT_LOG","args":[{"index":1,"value":5,"op":"SCMP_CMP_LT"}]}]}
                """);
        Run r = run("compile", conflict.toString(), "--arch", "amd64", "-f", "pfc");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("syscage: " + conflict + ":4:11: libseccomp rejects the rule for 'fchmod' on "),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aRefusedRuleOfADockerProfileIsNamedWhereItWasWritten() throws Exception {
        // dockerd drops the first fchmod rule (arm64 only), so the compiler sees the conflict at syscalls[2]
        Path conflict = dir.resolve("docker.json");
        Files.writeString(conflict, """
                {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,"syscalls":[
                {"names":["execve"],"action":"SCMP_ACT_ALLOW"},
                {"names":["fchmod"],"action":"SCMP_ACT_TRAP","includes":{"arches":["arm64"]}},
                {"names":["fchmod"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":5,"op":"SCMP_CMP_LT"}]},
                {"names":["fchmod"],"action":"SCMP_ACT_LOG","args":[{"index":1,"value":5,"op":"SCMP_CMP_LT"}]}]}
                """);
        Run r = run("compile", conflict.toString(), "--arch", "amd64", "--kernel", "6.8", "-f", "pfc");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("syscage: " + conflict + ":5:11: libseccomp rejects"), r.err());
    }
}
