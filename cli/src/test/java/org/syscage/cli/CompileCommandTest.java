package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
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
}
