package org.syscage.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;

class AuditLineParserTest {

    static AuditRecord record(String line) {
        AuditLine parsed = AuditLineParser.parse(line);
        return assertInstanceOf(AuditLine.Seccomp.class, parsed, () -> "not a record: " + parsed).record();
    }

    static String malformed(String line) {
        AuditLine parsed = AuditLineParser.parse(line);
        return assertInstanceOf(AuditLine.Malformed.class, parsed, () -> "not malformed: " + parsed).reason();
    }

    @Test
    void dmesgLineGivesEveryField() {
        AuditRecord r = record("[ 1234.567890] audit: type=1326 audit(1670000000.123:45): auid=1000 uid=1001 gid=1000 "
                + "ses=2 subj=unconfined pid=4242 comm=\"http-echo\" exe=\"/http-echo\" sig=0 arch=c000003e "
                + "syscall=288 compat=0 ip=0x7f1c2d3e4f50 code=0x7ffc0000");
        assertEquals(new AuditRecord(Instant.parse("2022-12-02T16:53:20.123Z"), 45, 4242, 1001, 1000, "http-echo",
                "/http-echo", 0, 0xc000003e, 288, 0, 0x7f1c2d3e4f50L, 0x7ffc0000), r);
        assertEquals(Optional.of(Arch.X86_64), r.arch());
        assertEquals(Optional.of("accept4"), r.syscallName());
        assertEquals(Optional.of(Action.LOG), r.action().action());
        assertEquals("LOG", r.action().label());
    }

    @Test
    void kmsgRecordWithItsHeader() {
        AuditRecord r = record("5,4711,369128669452,-;audit: type=1326 audit(1594067860.484:14536): auid=4294967295 "
                + "uid=0 gid=0 ses=4294967295 pid=29064 comm=\"http-echo\" exe=\"/http-echo\" sig=0 arch=c000003e "
                + "syscall=51 compat=0 ip=0x46fe1f code=0x7ffc0000");
        assertEquals(Optional.of("getsockname"), r.syscallName());
        assertEquals(AuditRecord.UNSET, r.auid());
        assertEquals(14536, r.serial());
    }

    @Test
    void syslogLineFromTheKubernetesTutorial() {
        AuditRecord r = record("Jul  6 15:37:40 my-machine kernel: [369128.669455] audit: type=1326 "
                + "audit(1594067860.484:14538): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29064 comm=\"http-echo\" "
                + "exe=\"/http-echo\" sig=0 arch=c000003e syscall=202 compat=0 ip=0x455e53 code=0x7ffc0000");
        assertEquals(Optional.of("futex"), r.syscallName());
        assertEquals(Instant.parse("2020-07-06T20:37:40.484Z"), r.time());
        assertEquals(0x455e53, r.ip());
    }

    @Test
    void journalctlKernelLine() {
        AuditRecord r = record("Jul 06 15:37:40 node-1 kernel: audit: type=1326 audit(1594067860.484:14540): "
                + "auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29064 comm=\"http-echo\" exe=\"/http-echo\" sig=0 "
                + "arch=c000003e syscall=0 compat=0 ip=0x46fd44 code=0x7ffc0000");
        assertEquals(Optional.of("read"), r.syscallName());
    }

    @Test
    void journalsOwnAuditLineHasNoStampAndAnAppArmorSubjectWithASpace() {
        AuditRecord r = record("Jul 06 15:37:40 node-1 audit[29064]: SECCOMP auid=4294967295 uid=0 gid=0 "
                + "ses=4294967295 subj=docker-default (enforce) pid=29064 comm=\"http-echo\" exe=\"/http-echo\" "
                + "sig=0 arch=c000003e syscall=270 compat=0 ip=0x4559b1 code=0x7ffc0000");
        assertNull(r.time());
        assertEquals(0, r.serial());
        assertEquals(29064, r.pid());
        assertEquals(Optional.of("pselect6"), r.syscallName());
    }

    @Test
    void journalctlJsonLine() {
        AuditRecord r = record("{\"__REALTIME_TIMESTAMP\":\"1594067860484000\",\"_AUDIT_TYPE\":\"1326\","
                + "\"MESSAGE\":\"SECCOMP auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29064 comm=\\\"http-echo\\\" "
                + "exe=\\\"/http-echo\\\" sig=0 arch=c000003e syscall=54 compat=0 ip=0x46fdba code=0x7ffc0000\"}");
        assertEquals("http-echo", r.comm());
        assertEquals(Optional.of("setsockopt"), r.syscallName());
    }

    @Test
    void auditdLineWithHexCommAndExe() {
        // auditd (and the kernel) log a name with a space as unquoted hex: "my prog", "/tmp/my prog".
        AuditRecord r = record("type=SECCOMP msg=audit(1670000000.123:46): auid=1000 uid=1000 gid=1000 ses=2 "
                + "subj=unconfined pid=777 comm=6D792070726F67 exe=2F746D702F6D792070726F67 sig=31 arch=c000003e "
                + "syscall=63 compat=0 ip=0x7f0000001234 code=0x80000000");
        assertEquals("my prog", r.comm());
        assertEquals("/tmp/my prog", r.exe());
        assertEquals(31, r.signal());
        assertEquals(Optional.of("uname"), r.syscallName());
        assertEquals(Optional.of(Action.KILL_PROCESS), r.action().action());
    }

    @Test
    void enrichedAuditdFieldsAfterTheSeparatorAreIgnored() {
        AuditRecord r = record("type=SECCOMP msg=audit(1670000000.123:47): auid=1000 uid=1000 gid=1000 ses=2 "
                + "subj=unconfined pid=778 comm=\"ls\" exe=\"/usr/bin/ls\" sig=0 arch=c000003e syscall=63 compat=0 "
                + "ip=0x7f0000001234 code=0x50000\u001dAUID=\"alice\" UID=\"alice\" GID=\"alice\" ARCH=x86_64 SYSCALL=uname");
        assertEquals(1000, r.uid());
        assertEquals("/usr/bin/ls", r.exe());
        assertEquals("ERRNO", r.action().label());
    }

    @Test
    void x32RecordsShareTheX8664AuditArchAndCarryTheX32Bit() {
        AuditRecord r = record("audit: type=1326 audit(1670000000.123:48): auid=0 uid=0 gid=0 ses=1 pid=900 "
                + "comm=\"x32prog\" exe=\"/x32prog\" sig=0 arch=c000003e syscall=1073741887 compat=1 ip=0x400100 "
                + "code=0x7ffc0000");
        assertEquals(Optional.of(Arch.X32), r.arch());
        assertEquals(Optional.of("uname"), r.syscallName());
        assertEquals(1, r.compat());
    }

    @Test
    void i386RecordOnA64BitKernel() {
        AuditRecord r = record("audit: type=1326 audit(1670000000.123:49): auid=0 uid=0 gid=0 ses=1 pid=901 "
                + "comm=\"prog32\" exe=\"/prog32\" sig=0 arch=40000003 syscall=102 compat=1 ip=0xf7f01234 code=0x7ffc0000");
        assertEquals(Optional.of(Arch.X86), r.arch());
        assertEquals(Optional.of("socketcall"), r.syscallName());
    }

    @Test
    void aarch64Record() {
        AuditRecord r = record("audit: type=1326 audit(1670000000.123:50): pid=902 comm=\"a\" exe=\"/a\" sig=0 "
                + "arch=c00000b7 syscall=160 compat=0 ip=0x1 code=0x7ffc0000");
        assertEquals(Optional.of(Arch.AARCH64), r.arch());
        assertEquals(Optional.of("uname"), r.syscallName());
    }

    @Test
    void unknownArchOrNumberStillParsesButHasNoName() {
        AuditRecord r = record("audit: type=1326 audit(1.000:1): pid=1 comm=\"a\" exe=(null) sig=0 arch=c0001234 "
                + "syscall=5 compat=0 ip=0x1 code=0x7ffc0000");
        assertEquals(Optional.empty(), r.arch());
        assertEquals(Optional.empty(), r.syscallName());
        assertNull(r.exe());
        AuditRecord nr = record("audit: type=1326 audit(1.000:2): pid=1 comm=\"a\" sig=0 arch=c000003e "
                + "syscall=4000 compat=0 ip=0x1 code=0x7ffc0000");
        assertEquals(Optional.of(Arch.X86_64), nr.arch());
        assertEquals(Optional.empty(), nr.syscallName());
    }

    @Test
    void codesOfEveryAction() {
        assertEquals("KILL_THREAD", new SeccompRet(0).label());
        assertEquals("KILL_PROCESS", new SeccompRet(0x80000000).label());
        assertEquals("TRAP", new SeccompRet(0x30000).label());
        assertEquals("ERRNO(13)", new SeccompRet(0x5000d).label());
        assertEquals("TRACE(7)", new SeccompRet(0x7ff00007).label());
        assertEquals("NOTIFY", new SeccompRet(0x7fc00000).label());
        assertEquals("LOG", new SeccompRet(0x7ffc0000).label());
        assertEquals("ALLOW", new SeccompRet(0x7fff0000).label());
        assertEquals("0x12340000", new SeccompRet(0x12340000).label());
        assertEquals(Optional.empty(), new SeccompRet(0x12340000).action());
    }

    @Test
    void recordsMissingFieldsAreMalformed() {
        assertEquals("no syscall= field", malformed("audit: type=1326 audit(1.000:1): pid=1 arch=c000003e code=0x0"));
        assertTrue(malformed("type=SECCOMP msg=audit(1.000:1): pid=1 arch=zz syscall=1 code=0x0")
                .startsWith("arch=zz is not a hex number"));
        assertEquals("no code= field", malformed("audit: type=1326 audit(1.000:1): pid=1 arch=c000003e syscall=1"));
        assertTrue(malformed("type=SECCOMP msg=audit(07/06/2020 15:37:40.484:14536) : pid=1 arch=x86_64 "
                + "syscall=getsockname code=log").contains("ausearch -i"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Jul  6 15:37:40 my-machine kernel: [369128.1] eth0: link up",
            "type=SYSCALL msg=audit(1594067860.484:14536): arch=c000003e syscall=59 success=yes",
            "type=1300 audit(1.2:3): arch=c000003e syscall=59", "{\"MESSAGE\": \"hello\"}", "{not json",
            "random garbage with syscall=1 and arch=c000003e"})
    void otherLinesAreNotRecords(String line) {
        assertSame(AuditLine.OTHER, AuditLineParser.parse(line));
    }
}
