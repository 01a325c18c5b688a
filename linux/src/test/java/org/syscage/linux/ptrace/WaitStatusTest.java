package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Status words as Linux's wait4 encodes them (kernel/exit.c, kernel/ptrace.c). */
class WaitStatusTest {
    @Test
    void exitAndDeath() {
        WaitStatus exit3 = new WaitStatus(1, 0x0300);
        assertTrue(exit3.exited() && exit3.ended() && !exit3.signaled() && !exit3.stopped());
        assertEquals(3, exit3.exitCode());
        WaitStatus killed = new WaitStatus(1, 9);
        assertTrue(killed.signaled() && killed.ended() && !killed.exited());
        assertEquals(9, killed.termSignal());
        WaitStatus segvCore = new WaitStatus(1, 0x80 | 11);
        assertEquals(11, segvCore.termSignal());
        assertTrue(segvCore.signaled());
    }

    @Test
    void anEndReadsAsAShellReportsIt() {
        assertEquals(3, new WaitStatus(1, 0x0300).exitStatus().code());
        assertEquals(137, new WaitStatus(1, 9).exitStatus().code());
        assertEquals(139, new WaitStatus(1, 0x80 | 11).exitStatus().code());
        assertThrows(IllegalStateException.class, () -> new WaitStatus(1, 19 << 8 | 0x7f).exitStatus());
    }

    @Test
    void aBareWordAnswersAsTheRecordDoes() {
        int[] words = {0x0300, 9, 0x80 | 11, 19 << 8 | 0x7f, (5 | 0x80) << 8 | 0x7f, 8390015,
                Ptrace.EVENT_FORK << 16 | 5 << 8 | 0x7f, Ptrace.EVENT_STOP << 16 | 20 << 8 | 0x7f};
        for (int raw : words) {
            WaitStatus status = new WaitStatus(1, raw);
            assertEquals(status.stopped(), WaitStatus.isStopped(raw));
            assertEquals(status.syscallStop(), WaitStatus.isSyscallStop(raw));
            assertEquals(status.groupStop(), WaitStatus.isGroupStop(raw));
            assertEquals(status.event(), WaitStatus.eventOf(raw));
            assertEquals(status.stopSignal(), WaitStatus.stopSignalOf(raw));
        }
        assertTrue(WaitStatus.isGroupStop(Ptrace.EVENT_STOP << 16 | 20 << 8 | 0x7f), "SIGTSTP");
        assertFalse(WaitStatus.isGroupStop(8390015), "a PTRACE_INTERRUPT stop is no group stop");
    }

    @Test
    void stops() {
        WaitStatus sigstop = new WaitStatus(1, 19 << 8 | 0x7f);
        assertTrue(sigstop.stopped() && !sigstop.ended() && !sigstop.syscallStop());
        assertEquals(19, sigstop.stopSignal());
        assertEquals(0, sigstop.event());

        WaitStatus syscall = new WaitStatus(1, (5 | 0x80) << 8 | 0x7f);
        assertTrue(syscall.syscallStop());

        // What the JDK's reaper reported as an exit value after taking a PTRACE_INTERRUPT stop.
        WaitStatus interrupt = new WaitStatus(1, 8390015);
        assertTrue(interrupt.stopped());
        assertEquals(Ptrace.EVENT_STOP, interrupt.event());
        assertEquals(5, interrupt.stopSignal());
        assertFalse(interrupt.syscallStop());

        WaitStatus fork = new WaitStatus(1, Ptrace.EVENT_FORK << 16 | 5 << 8 | 0x7f);
        assertEquals(Ptrace.EVENT_FORK, fork.event());
        assertFalse(fork.syscallStop());
    }
}
