package org.syscage.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

class SeenSyscallsTest {

    /** The eight audit lines of the Kubernetes seccomp tutorial (seed 001), as syslog shows them. */
    static Reader seed001() {
        return new InputStreamReader(Objects.requireNonNull(
                SeenSyscallsTest.class.getResourceAsStream("seed-001-syslog.log")), StandardCharsets.UTF_8);
    }

    @Test
    void theTutorialsHttpEchoLinesGiveItsSixSyscalls() throws IOException {
        AuditScan.Result scan = AuditScan.scan(seed001(), new AuditFilter("http-echo", null, null));
        assertEquals(8, scan.stats().records());
        assertEquals(8, scan.stats().kept());
        SeenSyscalls seen = SeenSyscalls.of(scan.records());
        assertEquals(Set.of("getsockname", "setsockopt", "futex", "accept4", "read", "pselect6"), seen.names());
        assertEquals(Profile.of(Action.ERRNO, List.of(Arch.X86_64), List.of(SyscallRule.of(
                List.of("accept4", "futex", "getsockname", "pselect6", "read", "setsockopt"), Action.ALLOW))),
                seen.toProfile());
        assertTrue(seen.widened().isEmpty());
    }

    @Test
    void filtersSelectByCommPidAndExe() throws IOException {
        String log = """
                audit: type=1326 audit(1.000:1): pid=10 comm="a" exe="/bin/a" sig=0 arch=c000003e syscall=0 compat=0 ip=0x1 code=0x7ffc0000
                audit: type=1326 audit(1.000:2): pid=11 comm="b" exe="/bin/b" sig=0 arch=c000003e syscall=1 compat=0 ip=0x1 code=0x7ffc0000
                audit: type=1326 audit(1.000:3): pid=12 comm="very-long-comma" exe="/bin/c" sig=0 arch=c000003e syscall=2 compat=0 ip=0x1 code=0x7ffc0000
                """;
        assertEquals(List.of(10), pids(log, new AuditFilter("a", null, null)));
        assertEquals(List.of(11), pids(log, new AuditFilter(null, 11, null)));
        assertEquals(List.of(12), pids(log, new AuditFilter(null, null, "/bin/c")));
        // The kernel keeps 15 bytes of a command's name; the full name still matches.
        assertEquals(List.of(12), pids(log, new AuditFilter("very-long-command-name", null, null)));
        assertEquals(List.of(), pids(log, new AuditFilter("a", 11, null)));
        assertEquals(List.of(10, 11, 12), pids(log, AuditFilter.ALL));
    }

    static List<Integer> pids(String log, AuditFilter filter) throws IOException {
        return AuditScan.scan(new StringReader(log), filter).records().stream().map(AuditRecord::pid).toList();
    }

    @Test
    void garbageIsSkippedAndCountedWithLineNumbers() throws IOException {
        String log = """
                Jul  6 15:37:40 host kernel: eth0: link up
                audit: type=1326 audit(1.000:1): pid=10 comm="a" sig=0 arch=c000003e syscall=0 compat=0 ip=0x1 code=0x7ffc0000
                audit: type=1326 audit(1.000:2): pid=10 comm="a" arch=c000003e code=0x7ffc0000
                \u0000\u0001binary junk
                type=SECCOMP msg=audit(1.000:3): pid=10 arch=nothex syscall=1 code=0x0
                """;
        AuditScan.Result r = AuditScan.scan(new StringReader(log), AuditFilter.ALL);
        assertEquals(new AuditScan.Stats(5, 1, 1, 2, List.of(
                new AuditScan.MalformedLine(3, "no syscall= field"),
                new AuditScan.MalformedLine(5, "arch=nothex is not a hex number"))), r.stats());
    }

    @Test
    void severalArchesShareOneNameListAndTheWideningIsReported() {
        List<AuditRecord> records = List.of(
                rec(0xc000003e, 0), rec(0xc000003e, 2),               // x86_64 read, open
                rec(0x40000003, 3), rec(0x40000003, 102),             // i386 read, socketcall
                rec(0xc000003e, 0x40000000 + 1));                     // x32 write
        SeenSyscalls seen = SeenSyscalls.of(records);
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), List.copyOf(seen.byArch().keySet()));
        assertEquals(Set.of("open", "read", "socketcall", "write"), seen.names());
        // socketcall does not exist on x86_64 or x32, so allowing it there costs nothing.
        Map<String, List<Arch>> expected = new TreeMap<>(Map.of(
                "open", List.of(Arch.X86, Arch.X32),
                "read", List.of(Arch.X32),
                "write", List.of(Arch.X86_64, Arch.X86)));
        assertEquals(expected, seen.widened());
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), seen.toProfile().architectures());
    }

    @Test
    void recordsOfUnknownArchesOrNumbersAreSetAside() {
        AuditRecord unknownArch = rec(0x12345678, 0);
        AuditRecord unknownNumber = rec(0xc000003e, 9999);
        SeenSyscalls seen = SeenSyscalls.of(List.of(rec(0xc000003e, 0), unknownArch, unknownNumber));
        assertEquals(List.of(unknownArch, unknownNumber), seen.unresolved());
        assertEquals(Set.of("read"), seen.names());
    }

    static AuditRecord rec(int auditArch, int nr) {
        return new AuditRecord(null, 0, 1, 0, 0, "p", "/p", 0, auditArch, nr, 0, 0, 0x7ffc0000);
    }
}
