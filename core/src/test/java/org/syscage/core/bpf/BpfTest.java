package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BpfTest {
    @Test
    void actionsOrderAsTheKernelRanksThem() {
        // The kernel keeps the lowest action of stacked filters, comparing them as signed values.
        int[] strongestFirst = {Bpf.SECCOMP_RET_KILL_PROCESS, Bpf.SECCOMP_RET_KILL_THREAD, Bpf.SECCOMP_RET_TRAP,
            Bpf.SECCOMP_RET_ERRNO, Bpf.SECCOMP_RET_USER_NOTIF, Bpf.SECCOMP_RET_TRACE, Bpf.SECCOMP_RET_LOG,
            Bpf.SECCOMP_RET_ALLOW};
        for (int i = 1; i < strongestFirst.length; i++) {
            assertTrue(strongestFirst[i - 1] < strongestFirst[i]);
        }
    }

    @Test
    void returnValuesSplitIntoActionAndData() {
        int v = Bpf.errno(38);
        assertEquals(0x00050026, v);
        assertEquals(Bpf.SECCOMP_RET_ERRNO, Bpf.action(v));
        assertEquals(38, Bpf.data(v));
        assertEquals(0x7ff00007, Bpf.trace(7));
        assertEquals(0x00030001, Bpf.trap(1));
    }

    @Test
    void describesReturnValues() {
        assertEquals("ALLOW", Bpf.describeReturn(0x7fff0000));
        assertEquals("KILL_PROCESS", Bpf.describeReturn(0x80000000));
        assertEquals("KILL_THREAD", Bpf.describeReturn(0));
        assertEquals("ERRNO(1)", Bpf.describeReturn(0x50001));
        assertEquals("TRAP(0)", Bpf.describeReturn(0x30000));
        assertEquals("LOG(5)", Bpf.describeReturn(0x7ffc0005), "unused data still shows");
        assertEquals("0x10000000", Bpf.describeReturn(0x10000000));
    }

    @Test
    void namesTheWordsOfSeccompData() {
        assertEquals("nr", Bpf.fieldName(0, true));
        assertEquals("arch", Bpf.fieldName(4, false));
        assertEquals("instruction_pointer (low)", Bpf.fieldName(8, true));
        assertEquals("instruction_pointer (high)", Bpf.fieldName(8, false));
        assertEquals("args[5] (high)", Bpf.fieldName(60, true));
        assertEquals("args[5] (low)", Bpf.fieldName(60, false));
        assertEquals(56, Bpf.argOffset(5));
        assertThrows(IllegalArgumentException.class, () -> Bpf.argOffset(6));
        assertThrows(IllegalArgumentException.class, () -> Bpf.fieldName(62, true));
    }
}
