package org.syscage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;

class RecordingSidecarTest {
    /** The shape 'syscage record' writes (see linux RecordReport.toJson), with a field this reader does not know. */
    static final String SIDECAR = """
            {
              "commandExit" : 0,
              "stops" : "once per call (seccomp filter)",
              "baseSyscalls" : "runc",
              "architectures" : [ "SCMP_ARCH_X86_64" ],
              "syscalls" : [ {
                "name" : "read",
                "arch" : "SCMP_ARCH_X86_64",
                "count" : 12,
                "firstPid" : 4242,
                "executable" : "/usr/bin/ls",
                "why" : [ "recorded" ],
                "futureField" : { "nested" : [ 1, 2 ] }
              }, {
                "name" : "read",
                "arch" : "SCMP_ARCH_X86",
                "count" : 3,
                "firstPid" : 4243,
                "executable" : "/usr/bin/old32",
                "why" : [ "recorded" ]
              }, {
                "name" : "capget",
                "why" : [ "base set runc" ]
              } ],
              "unknown" : { "AUDIT_ARCH 0x1234: nr 7" : 1 }
            }
            """;

    @Test
    void readsEachSyscallPerArchAndSkipsWhatItDoesNotKnow() {
        RecordingSidecar s = RecordingSidecar.parse("app.json.report.json", SIDECAR);
        assertEquals(3, s.uses().size());
        RecordingSidecar.Use read = s.uses().getFirst();
        assertEquals(new RecordingSidecar.Use("read", "SCMP_ARCH_X86_64", 12, 4242, "/usr/bin/ls", List.of("recorded")), read);
        assertTrue(read.recorded());
        RecordingSidecar.Use capget = s.uses().get(2);
        assertFalse(capget.recorded());
        assertEquals(List.of("base set runc"), capget.why());
        assertEquals(List.of("read", "capget"), List.copyOf(s.byName().keySet()));
        assertEquals(2, s.byName().get("read").size());
    }

    @Test
    void aWrongTypeIsReportedAtItsLineAndColumn() {
        String bad = "{\n  \"syscalls\": [\n    {\"name\": \"read\", \"count\": \"twelve\"}\n  ]\n}\n";
        InputException e = assertThrows(InputException.class, () -> RecordingSidecar.parse("r.json", bad));
        assertEquals("r.json:3:31: found a string, expected 'count' to be a whole number", e.getMessage());
    }

    @Test
    void anEntryWithoutANameIsReportedWhereItStarts() {
        String bad = "{\"syscalls\": [\n  {\"count\": 1}]}";
        InputException e = assertThrows(InputException.class, () -> RecordingSidecar.parse("r.json", bad));
        assertEquals("r.json:2:3: syscall entry without a 'name', expected a string", e.getMessage());
    }

    @Test
    void somethingElseThanARecordReportIsRefused() {
        InputException noList = assertThrows(InputException.class,
                () -> RecordingSidecar.parse("p.json", "{\"defaultAction\": \"SCMP_ACT_ERRNO\"}"));
        assertTrue(noList.getMessage().startsWith("p.json:1:35: no 'syscalls' list"), noList.getMessage());
        InputException broken = assertThrows(InputException.class, () -> RecordingSidecar.parse("p.json", "{\"syscalls\": [}"));
        assertTrue(broken.getMessage().startsWith("p.json:1:"), broken.getMessage());
        InputException missing = assertThrows(InputException.class,
                () -> RecordingSidecar.read(Path.of("/nonexistent/x.report.json")));
        assertEquals("/nonexistent/x.report.json: no such file, expected the .report.json that 'syscage record' wrote",
                missing.getMessage());
    }
}
