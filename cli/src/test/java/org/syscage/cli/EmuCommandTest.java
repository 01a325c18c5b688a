package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.cli.SyscallsCommandTest.Run;

class EmuCommandTest {

    @TempDir
    Path dir;

    String filter(byte[] bytes) throws IOException {
        Path p = dir.resolve("f.bpf");
        Files.write(p, bytes);
        return p.toString();
    }

    /** seccomp-tools' spec/cli/emu_spec.rb 'normal' and README: write(3) on amd64, the lines that ran marked '>'. */
    @Test
    void listingWithThePathMarkedAndVerdict() throws IOException {
        Run r = SyscallsCommandTest.syscage("emu", filter(DisasmCommandTest.LIBSECCOMP), "-a", "amd64", "write", "0x3");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                 line  CODE  JT   JF      K
                =================================
                >0000: 0x20 0x00 0x00 0x00000004  A = arch
                >0001: 0x15 0x00 0x08 0xc000003e  if (A != ARCH_X86_64) goto 0010
                >0002: 0x20 0x00 0x00 0x00000000  A = sys_number
                >0003: 0x35 0x06 0x00 0x40000000  if (A >= 0x40000000) goto 0010
                >0004: 0x15 0x04 0x00 0x00000001  if (A == write) goto 0009
                 0005: 0x15 0x03 0x00 0x00000003  if (A == close) goto 0009
                 0006: 0x15 0x02 0x00 0x00000020  if (A == dup) goto 0009
                 0007: 0x15 0x01 0x00 0x0000003c  if (A == exit) goto 0009
                 0008: 0x06 0x00 0x00 0x00050005  return ERRNO(5)
                >0009: 0x06 0x00 0x00 0x7fff0000  return ALLOW
                 0010: 0x06 0x00 0x00 0x00000000  return KILL

                return ALLOW at line 0009
                """, r.out());
    }

    /** seccomp-tools' emu_spec 'sys_nr in string format', 'quiet', plus numbers and other verdicts. */
    @ParameterizedTest
    @CsvSource({
            "amd64, write, return ALLOW at line 0009",
            "amd64, 1, return ALLOW at line 0009",
            "amd64, 0x3c, return ALLOW at line 0009",
            "amd64, open, return ERRNO(5) at line 0008",
            "amd64, 0x40000001, return KILL at line 0010",
            "i386, write, return KILL at line 0010",
            "x32, write, return KILL at line 0010"})
    void quietVerdicts(String arch, String syscall, String verdict) throws IOException {
        Run r = SyscallsCommandTest.syscage("emu", "-q", filter(DisasmCommandTest.LIBSECCOMP), "-a", arch, syscall);
        assertEquals(0, r.exit(), r.err());
        assertEquals(verdict + "\n", r.out());
    }

    /** seccomp-tools' emu_spec 'kill process'. */
    @Test
    void killProcess() throws IOException {
        Run r = SyscallsCommandTest.syscage("emu", filter(new byte[] {6, 0, 0, 0, 0, 0, 0, (byte) 0x80}), "-a", "amd64",
                "-q", "0");
        assertEquals("return KILL_PROCESS at line 0000\n", r.out());
    }

    @Test
    void argumentsReachTheFilter() throws IOException {
        // A = sys_number; if (A != ioctl) goto 5; A = args[1]; if (A != 0x5401) goto 5; ERRNO(13); ALLOW
        String f = filter(new byte[] {0x20, 0, 0, 0, 0, 0, 0, 0, 0x15, 0, 0, 3, 0x10, 0, 0, 0,
                0x20, 0, 0, 0, 0x18, 0, 0, 0, 0x15, 0, 0, 1, 0x01, 0x54, 0, 0,
                6, 0, 0, 0, 13, 0, 5, 0, 6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f});
        assertEquals("return ERRNO(13) at line 0004\n",
                SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", f, "ioctl", "1", "0x5401").out());
        assertEquals("return ALLOW at line 0005\n",
                SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", f, "ioctl", "1", "0x5402").out());
        assertEquals("return ERRNO(13) at line 0004\n",
                SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", f, "ioctl", "1", "0x100005401").out(),
                "the filter looks at the low half only");
        Run listing = SyscallsCommandTest.syscage("emu", "-a", "amd64", f, "ioctl", "1", "0x5401");
        assertTrue(listing.out().contains(">0002: 0x20 0x00 0x00 0x00000018  A = cmd # ioctl(fd, cmd, arg)\n"),
                listing.out());
    }

    @Test
    void instructionPointerAndNegativeArgumentsReachTheFilter() throws IOException {
        // A = instruction_pointer; if (A != 0x1000) goto 4; A = args[0]; if (A == 0xffffff9c) goto 5; KILL; ALLOW
        String f = filter(new byte[] {0x20, 0, 0, 0, 8, 0, 0, 0, 0x15, 0, 0, 2, 0, 0x10, 0, 0,
                0x20, 0, 0, 0, 0x10, 0, 0, 0, 0x15, 0, 1, 0, (byte) 0x9c, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                6, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f});
        assertEquals("return ALLOW at line 0005\n",
                SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", "--ip", "0x1000", f, "openat", "-100").out());
        assertEquals("return ALLOW at line 0005\n",
                SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", "-i", "4096", f, "openat", "0xffffff9c").out());
        assertEquals("return KILL at line 0004\n",
                SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", f, "openat", "-100").out(), "ip 0 by default");
    }

    @Test
    void badSyscallOrArgument() throws IOException {
        String f = filter(DisasmCommandTest.LIBSECCOMP);
        Run r = SyscallsCommandTest.syscage("emu", "-a", "amd64", f, "wrte");
        assertEquals(2, r.exit());
        assertEquals("syscage: unknown syscall 'wrte' on x86_64, expected a name or a number\n", r.err());
        Run arg = SyscallsCommandTest.syscage("emu", "-a", "amd64", f, "write", "three");
        assertEquals("syscage: argument 0 'three' is not a number, expected decimal or 0x hex, negative for two's "
                + "complement\n", arg.err());
        Run ip = SyscallsCommandTest.syscage("emu", "-a", "amd64", "--ip", "0xzz", f, "write");
        assertEquals(2, ip.exit());
        assertTrue(ip.err().startsWith("syscage: Invalid value for option '--ip': '0xzz' is not a number"), ip.err());
    }

    /** seccomp_data.nr is 32 bits: a wider number is refused, never cut to its low half (0x10000003b is not execve). */
    @ParameterizedTest
    @CsvSource({"0x10000003b", "4294967296", "-2147483649", "0x1_0000_0000"})
    void syscallNumbersWiderThan32BitsAreRefused(String nr) throws IOException {
        Run r = SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", filter(DisasmCommandTest.LIBSECCOMP), nr);
        assertEquals(2, r.exit(), r.out());
        assertEquals("syscage: SYSCALL '" + nr + "' does not fit in 32 bits (seccomp_data.nr), expected 0 to 0xffffffff, "
                + "or -2^31 to -1 for its two's complement\n", r.err());
        assertEquals("", r.out());
    }

    /** A tracer skips a call by setting nr to -1: the filter sees 0xffffffff, which -1 also names here. */
    @Test
    void minusOneIsTheSyscallNumberTracersUse() throws IOException {
        // A = sys_number; if (A == 0xffffffff) goto 3; KILL; ERRNO(38)
        String f = filter(new byte[] {0x20, 0, 0, 0, 0, 0, 0, 0, 0x15, 0, 1, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, 6, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 38, 0, 5, 0});
        for (String nr : new String[] {"-1", "0xffffffff", "4294967295"}) {
            assertEquals("return ERRNO(38) at line 0003\n",
                    SyscallsCommandTest.syscage("emu", "-q", "-a", "amd64", f, nr).out(), nr);
        }
    }
}
