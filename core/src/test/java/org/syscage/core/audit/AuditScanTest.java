package org.syscage.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditScanTest {
    private static final String RECORD = "type=SECCOMP msg=audit(1.000:1): pid=7 comm=\"p\" sig=0 arch=c000003e "
            + "syscall=0 compat=0 ip=0x1 code=0x7ffc0000";

    /** A followed log reports broken lines as they come: each reaches the listener with its line number, in order. */
    @Test
    void eachMalformedLineReachesTheListenerAsItIsRead() {
        List<AuditRecord> records = new ArrayList<>();
        List<AuditScan.MalformedLine> broken = new ArrayList<>();
        AuditScan scan = new AuditScan(AuditFilter.ALL, records::add, broken::add);

        scan.accept(RECORD);
        scan.accept("type=1326 audit(1594067860.484:14538): pid=1 comm=\"x\" syscall=zzz arch=c000003e code=0x7ffc0000");
        assertEquals(1, broken.size());
        scan.accept("an unrelated line");
        scan.accept(RECORD.replace("syscall=0 ", ""));

        assertEquals(1, records.size());
        assertEquals(List.of(2L, 4L), broken.stream().map(AuditScan.MalformedLine::lineNumber).toList());
        assertEquals(broken, scan.stats().firstMalformed());
        assertEquals(2, scan.stats().malformed());
    }
}
