package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.cli.SyscallsCommandTest.Run;

class AsmCommandTest {

    /** seccomp-tools' spec/data/libseccomp.asm. */
    static final String LIBSECCOMP_ASM = """
            # check if arch is X86_64
            A = arch
            A == ARCH_X86_64 ? next : dead
            A = sys_number
            A >= 0x40000000 ? dead : next
            A == write ? ok : next
            A == close ? ok : next
            A == dup ? ok : next
            A == exit ? ok : next
            return ERRNO(5)
            ok:
            return ALLOW
            dead:
            return KILL
            """;

    @TempDir
    Path dir;

    Path source(String text) throws IOException {
        Path p = dir.resolve("f.asm");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void rawBytesAsSeccompTools() throws IOException {
        Path out = dir.resolve("f.bpf");
        Run r = SyscallsCommandTest.syscage("asm", source(LIBSECCOMP_ASM).toString(), "-a", "amd64", "-f", "bpf",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(DisasmCommandTest.LIBSECCOMP, Files.readAllBytes(out));
    }

    /** seccomp-tools' README: the default format is the inspected string. */
    @Test
    void inspectByDefault() throws IOException {
        Run r = SyscallsCommandTest.syscage("asm", source(LIBSECCOMP_ASM).toString(), "-a", "amd64");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("\" \\x00\\x00\\x00\\x04\\x00\\x00\\x00\\x15\\x00\\x00\\b>\\x00\\x00\\xC0 "), r.out());
    }

    @Test
    void cAndDisasm() throws IOException {
        String f = source(LIBSECCOMP_ASM).toString();
        Run c = SyscallsCommandTest.syscage("asm", f, "-a", "amd64", "-f", "c");
        assertTrue(c.out().contains("static unsigned char filter[] = {32,0,0,0,4,0,0,0,21,0,0,8,62,0,0,192,"), c.out());
        Run array = SyscallsCommandTest.syscage("asm", f, "-a", "amd64", "-f", "c_array");
        assertTrue(array.out().startsWith("unsigned char bpf[] = {32,0,0,0,4,"), array.out());
        Run d = SyscallsCommandTest.syscage("asm", f, "-a", "amd64", "-f", "disasm");
        assertEquals(" 0009: 0x06 0x00 0x00 0x7fff0000  return ALLOW", d.lines().get(11));
    }

    @Test
    void errorsNameFileLineAndColumn() throws IOException {
        Path f = source("A = sys_number\nif (A == opne) goto ok\nok: return ALLOW\n");
        Run r = SyscallsCommandTest.syscage("asm", f.toString(), "-a", "amd64");
        assertEquals(2, r.exit());
        assertEquals("syscage: " + f + ":2:10: unknown token \"opne)\"\n", r.err());
    }

    /** The kernel refuses a read of an unset scratch cell with a bare EINVAL: asm refuses it with the line. */
    @Test
    void whatTheKernelWouldRefuseIsRefusedWithItsLine() throws IOException {
        Path f = source("A = mem[0]\nreturn ALLOW\n");
        Run r = SyscallsCommandTest.syscage("asm", f.toString(), "-a", "amd64", "-f", "bpf");
        assertEquals(2, r.exit());
        assertEquals("syscage: " + f + ":1:1: the kernel would refuse this filter: instruction 0: reads M[0], which is "
                + "not written on every path that reaches it\n", r.err());
        assertEquals("", r.out());
    }

    /** QA: ERRNO(70000) came out as ERRNO(4464) with exit 0. */
    @Test
    void errnoWiderThan16BitsIsRefused() throws IOException {
        Path f = source("return ERRNO(70000)\n");
        Run r = SyscallsCommandTest.syscage("asm", f.toString(), "-a", "amd64", "-f", "bpf");
        assertEquals(2, r.exit());
        assertEquals("syscage: " + f + ":1:14: ERRNO(70000): the data of a return action is 16 bits, expected 0 to 65535\n",
                r.err());
    }

    @Test
    void unknownFormat() throws IOException {
        Run r = SyscallsCommandTest.syscage("asm", source("return ALLOW").toString(), "-f", "yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown format 'yaml', expected one of bpf, raw, c, c_source, c_array, inspect, disasm"),
                r.err());
    }
}
