package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.cli.SyscallsCommandTest.Run;

class DisasmCommandTest {

    /** seccomp-tools' spec/data/libseccomp.bpf, byte for byte (its README shows them as asm output). */
    static final byte[] LIBSECCOMP = HexFormat.of().parseHex(
            "2000000004000000" + "150000083e0000c0" + "2000000000000000" + "3500060000000040"
            + "1500040001000000" + "1500030003000000" + "1500020020000000" + "150001003c000000"
            + "0600000005000500" + "060000000000ff7f" + "0600000000000000");

    @TempDir
    Path dir;

    Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** seccomp-tools' README: 'seccomp-tools asm spec/data/libseccomp.asm -f raw | seccomp-tools disasm -'. */
    @Test
    void printsWhatSeccompToolsPrints() throws IOException {
        Run r = SyscallsCommandTest.syscage("disasm", file("f.bpf", LIBSECCOMP).toString(), "-a", "amd64");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                 line  CODE  JT   JF      K
                =================================
                 0000: 0x20 0x00 0x00 0x00000004  A = arch
                 0001: 0x15 0x00 0x08 0xc000003e  if (A != ARCH_X86_64) goto 0010
                 0002: 0x20 0x00 0x00 0x00000000  A = sys_number
                 0003: 0x35 0x06 0x00 0x40000000  if (A >= 0x40000000) goto 0010
                 0004: 0x15 0x04 0x00 0x00000001  if (A == write) goto 0009
                 0005: 0x15 0x03 0x00 0x00000003  if (A == close) goto 0009
                 0006: 0x15 0x02 0x00 0x00000020  if (A == dup) goto 0009
                 0007: 0x15 0x01 0x00 0x0000003c  if (A == exit) goto 0009
                 0008: 0x06 0x00 0x00 0x00050005  return ERRNO(5)
                 0009: 0x06 0x00 0x00 0x7fff0000  return ALLOW
                 0010: 0x06 0x00 0x00 0x00000000  return KILL
                """, r.out());
    }

    @Test
    void noBpfAndAsmAble() throws IOException {
        String f = file("f.bpf", LIBSECCOMP).toString();
        Run noBpf = SyscallsCommandTest.syscage("disasm", f, "-a", "x86_64", "--no-bpf");
        assertEquals("0004: if (A == write) goto 0009", noBpf.lines().get(4));
        Run asmAble = SyscallsCommandTest.syscage("disasm", f, "--asm-able", "-a", "SCMP_ARCH_X86_64");
        assertEquals(List.of("0000: A = arch", "0001: if (A != ARCH_X86_64) goto 0010"), asmAble.lines().subList(0, 2));
        Run i386 = SyscallsCommandTest.syscage("disasm", f, "-a", "i386", "--no-bpf");
        assertEquals("0004: if (A == amd64.write) goto 0009", i386.lines().get(4),
                "the filter tested for x86_64, so its numbers are named on x86_64 though -a is i386");
    }

    @Test
    void dotGraph() throws IOException {
        Run r = SyscallsCommandTest.syscage("disasm", file("f.bpf", LIBSECCOMP).toString(), "-a", "amd64", "-f", "dot");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("digraph filter {\n"), r.out());
        assertTrue(r.out().contains("L0004 -> L0009 [label=\"A == write\""), r.out());
    }

    @Test
    void writesToAFile() throws IOException {
        Path out = dir.resolve("out.txt");
        Run r = SyscallsCommandTest.syscage("disasm", file("f.bpf", LIBSECCOMP).toString(), "-a", "amd64",
                "--color=always", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.readString(out).contains("\u001b[38;5;120mwrite\u001b[0m"), "--color=always colours files too");
    }

    @Test
    void badInputIsOneLine() throws IOException {
        Path odd = file("odd.bpf", new byte[] {1, 2, 3});
        Run r = SyscallsCommandTest.syscage("disasm", odd.toString());
        assertEquals(2, r.exit());
        assertEquals("syscage: " + odd + ": a BPF filter is a sequence of 8-byte instructions, but the input has 3 bytes"
                + " (3 left over)\n",
                r.err());
        Path bad = file("bad.bpf", HexFormat.of().parseHex("2000000000000000" + "5500000000000000"));
        Run invalid = SyscallsCommandTest.syscage("disasm", bad.toString(), "-a", "amd64");
        assertEquals(2, invalid.exit());
        assertEquals("syscage: " + bad + ": instruction 0001 (code 0x55) is invalid: unknown jmp type\n", invalid.err());
    }

    /** The kernel refuses an empty filter; disasm says so like emu and decompile (it printed a bare header, exit 0). */
    @Test
    void anEmptyFilterIsRefused() throws IOException {
        Path empty = file("empty.bpf", new byte[0]);
        for (String command : new String[] {"disasm", "emu"}) {
            Run r = command.equals("emu") ? SyscallsCommandTest.syscage("emu", empty.toString(), "read")
                    : SyscallsCommandTest.syscage("disasm", empty.toString());
            assertEquals(2, r.exit(), command);
            assertEquals("syscage: " + empty + ": the filter is empty, expected at least one instruction (the kernel "
                    + "takes 1 to 4096)\n", r.err(), command);
            assertEquals("", r.out(), command);
        }
    }

    /** Like lint and compile, the error names the directory (it said only "Is a directory"). */
    @Test
    void aDirectoryIsNamed() throws IOException {
        Run r = SyscallsCommandTest.syscage("disasm", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("syscage: " + dir + ": cannot read: Is a directory\n", r.err());
    }
}
