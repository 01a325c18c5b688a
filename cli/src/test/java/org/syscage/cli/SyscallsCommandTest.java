package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyscallsCommandTest {

    /** Exit code, stdout and stderr of one run of {@code syscage ARGS...}. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run syscage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "syscalls -a {0} {1} prints {2}")
    @CsvSource({
            "aarch64, uname, 160",
            "x86_64, 59, execve",
            "x32, read, 1073741824",
            "riscv64, clone3, 435",
            "ppc64le, socket, 326",
            "x86, socket, 359",
            "i386, socket, 359",
            "amd64, 0x3c, exit",
            "SCMP_ARCH_X32, 0x40000000, read",
            "mipsel, read, 4003",
            "x86, send, socketcall(102) call 9",
            "s390x, semop, ipc(117) call 1"})
    void printsOneLine(String arch, String arg, String expected) {
        Run r = syscage("syscalls", "-a", arch, arg);
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(expected), r.lines());
        assertEquals("", r.err());
    }

    @Test
    void oneLinePerArgumentInOrder() {
        Run r = syscage("syscalls", "--arch", "arm64", "openat", "56", "getpid");
        assertEquals(List.of("56", "openat", "172"), r.lines());
    }

    @Test
    void jsonShowsTheDirectNumberAndTheMultiplexer() throws Exception {
        Run r = syscage("syscalls", "-a", "x86", "--format", "json", "socket", "send", "3");
        assertEquals(0, r.exit(), r.err());
        JsonNode expected = new ObjectMapper().readTree("""
                [ {"arch": "x86", "name": "socket", "number": 359,
                   "multiplexed": {"via": "socketcall", "viaNumber": 102, "call": 1}},
                  {"arch": "x86", "name": "send", "number": null,
                   "multiplexed": {"via": "socketcall", "viaNumber": 102, "call": 9}},
                  {"arch": "x86", "name": "read", "number": 3} ]""");
        assertEquals(expected, new ObjectMapper().readTree(r.out()));
    }

    @Test
    void unknownNamesAndNumbersExitTwoButTheOthersStillPrint() {
        Run r = syscage("syscalls", "-a", "x86_64", "read", "sockett", "socketcall", "9999", "write");
        assertEquals(2, r.exit());
        assertEquals(List.of("0", "1"), r.lines());
        assertEquals(List.of(
                "syscage: unknown syscall 'sockett'",
                "syscage: syscall 'socketcall' does not exist on x86_64",
                "syscage: no syscall number 9999 on x86_64"), r.err().lines().toList());
    }

    /** The same 32-bit syscall numbers as emu and explain: -1 is 0xffffffff (no syscall has it), wider is refused. */
    @Test
    void numbersAreThirtyTwoBitsAndMinusOneIsAllOnes() {
        Run r = syscage("syscalls", "-a", "x86_64", "-1", "0xffffffff", "0x10000003b", "0x3b");
        assertEquals(2, r.exit());
        assertEquals(List.of("execve"), r.lines());
        assertEquals(List.of(
                "syscage: no syscall number -1 on x86_64",
                "syscage: no syscall number 0xffffffff on x86_64",
                "syscage: NR '0x10000003b' does not fit in 32 bits (seccomp_data.nr), expected 0 to 0xffffffff, "
                        + "or -2^31 to -1 for its two's complement"), r.err().lines().toList());
    }

    @Test
    void unknownArchIsAUsageError() {
        Run r = syscage("syscalls", "-a", "vax", "read");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("syscage: Invalid value for option '--arch': unknown architecture 'vax', "
                + "expected one of x86, x86_64,"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void needsArgumentsOrList() {
        assertEquals(2, syscage("syscalls").exit());
        assertEquals(2, syscage("syscalls", "--list", "read").exit());
    }

    @Test
    void listPrintsTheWholeTableSortedByNumber() {
        Run r = syscage("syscalls", "-a", "riscv64", "--list");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertEquals("io_setup 0", lines.getFirst());
        assertTrue(lines.contains("clone3 435"));
        int previous = -1;
        for (String line : lines) {
            String[] nameAndNumber = line.split(" ");
            assertEquals(2, nameAndNumber.length, line);
            int nr = Integer.parseInt(nameAndNumber[1]);
            assertTrue(nr > previous, line + " after " + previous);
            previous = nr;
        }
    }

    /**
     * On i386, accept and semop have no number of their own (socketcall 102 call 5, ipc 117 call 1):
     * they are left out of the 'name number' lines, which keep splitting on the last space, and
     * a note on stderr names them; json lists them with their multiplexer.
     */
    @Test
    void listOnAMultiplexingArchKeepsNameNumberLines() throws Exception {
        Run r = syscage("syscalls", "-a", "x86", "-l");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.contains("socketcall 102") && lines.contains("ipc 117") && lines.contains("socket 359"),
                r.out());
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9_]+ [0-9]+"), line);
        }
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("accept ") || l.startsWith("semop ")), r.out());
        assertTrue(r.err().startsWith("syscage: note: ") && r.err().contains("(accept, ")
                && r.err().contains(" semop,"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        JsonNode json = new ObjectMapper().readTree(syscage("syscalls", "-a", "x86", "-l", "--format", "json").out());
        JsonNode accept = null;
        for (JsonNode o : json) {
            accept = o.get("name").asText().equals("accept") ? o : accept;
        }
        assertTrue(accept != null && accept.get("number").isNull(), String.valueOf(accept));
        assertEquals(102, accept.get("multiplexed").get("viaNumber").asInt());
        assertEquals(5, accept.get("multiplexed").get("call").asInt());
    }

    /** An arch without multiplexed calls lists every name and has nothing to say on stderr. */
    @Test
    void listWithoutMultiplexersHasNoNote() {
        Run r = syscage("syscalls", "-a", "x86_64", "-l");
        assertEquals("", r.err());
        assertTrue(r.lines().contains("accept 43"), r.out());
    }

    @Test
    void helpHasAnExample() {
        Run r = syscage("syscalls", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("syscage syscalls -a aarch64 uname"), r.out());
    }
}
