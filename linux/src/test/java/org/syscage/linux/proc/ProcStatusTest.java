package org.syscage.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.linux.ffm.Syscalls;
import org.syscage.linux.seccomp.SeccompLoader;

class ProcStatusTest {
    /** The lines of a real status file (Linux 6.x) that matter, in its order, among some that do not. */
    private static final String FILTERED = """
            Name:\tWeb Content
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t4242
            Ngid:\t0
            Pid:\t4243
            PPid:\t4000
            TracerPid:\t77
            Uid:\t1000\t1000\t1000\t1000
            SigQ:\t0/63432
            SigPnd:\t0000000000000000
            ShdPnd:\t0000000000000000
            SigBlk:\t0000000000010000
            SigIgn:\t0000000000001000
            SigCgt:\t00000001c0004a02
            CapEff:\t0000000000000000
            NoNewPrivs:\t1
            Seccomp:\t2
            Seccomp_filters:\t3
            Speculation_Store_Bypass:\tthread force mitigated
            Cpus_allowed_list:\t0-1
            """;

    @Test
    void readsTheSeccompFieldsAndThoseAroundThem() {
        ProcStatus s = ProcStatus.parse(4243, FILTERED);

        assertEquals(new ProcStatus(4243, "Web Content", 'S', 4242, 4000, 77, true, SeccompMode.FILTER,
                OptionalInt.of(3), new ProcStatus.Signals(0x10000L, 0x1000L, 0x1c0004a02L)), s);
        assertEquals("pid 4243 (Web Content): Seccomp filter mode, 3 filters, NoNewPrivs 1", s.summary());
    }

    @Test
    void kernelsBefore5_9HaveNoFilterCount() {
        ProcStatus s = ProcStatus.parse(7, "Name:\tchrome\nState:\tt (tracing stop)\nNoNewPrivs:\t0\nSeccomp:\t2\n");

        assertEquals(OptionalInt.empty(), s.seccompFilters());
        assertEquals('t', s.state());
        assertEquals(7, s.tgid(), "a missing Tgid line reads as the pid itself");
        assertEquals("pid 7 (chrome): Seccomp filter mode, NoNewPrivs 0", s.summary());
    }

    @Test
    void summariesOfTheOtherModes() {
        assertEquals("pid 1 (init): Seccomp disabled, NoNewPrivs 0",
                ProcStatus.parse(1, "Name:\tinit\nSeccomp:\t0\nSeccomp_filters:\t0\n").summary());
        assertEquals("pid 9 (strict): Seccomp strict mode, NoNewPrivs 1",
                ProcStatus.parse(9, "Name:\tstrict\nNoNewPrivs:\t1\nSeccomp:\t1\nSeccomp_filters:\t0\n").summary());
        assertEquals("pid 5 (one): Seccomp filter mode, 1 filter, NoNewPrivs 1",
                ProcStatus.parse(5, "Name:\tone\nNoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n").summary());
    }

    @Test
    void aSignalTakesItsDefaultActionUnlessBlockedIgnoredOrCaught() {
        ProcStatus.Signals signals = ProcStatus.parse(4243, FILTERED).signals();
        assertTrue(signals.takesDefaultAction(9), "SIGKILL");
        assertFalse(signals.takesDefaultAction(17), "SIGCHLD is blocked (bit 16)");
        assertFalse(signals.takesDefaultAction(13), "SIGPIPE is ignored (bit 12)");
        assertFalse(signals.takesDefaultAction(2), "SIGINT is caught (bit 1)");
        assertFalse(signals.takesDefaultAction(31), "SIGSYS is caught (bit 30)");
        assertTrue(signals.takesDefaultAction(64), "the last real-time signal");
        assertFalse(ProcStatus.parse(1, "Seccomp:\t0\nSigCgt:\t8000000000000000\n").signals().takesDefaultAction(64));
        assertEquals(ProcStatus.Signals.DEFAULT, ProcStatus.parse(1, "Seccomp:\t0\n").signals());
    }

    /** The JVM catches SIGSEGV (its implicit null checks fault on purpose): its own status file says so. */
    @Test
    void aLiveThreadsSignalsAreRead() {
        ProcStatus.Signals jvm = ProcStatus.read(Syscalls.gettid()).signals();
        assertFalse(jvm.takesDefaultAction(11), "the JVM handles SIGSEGV (implicit null checks)");
        assertTrue(jvm.takesDefaultAction(9), "nobody can catch SIGKILL");
    }

    @Test
    void aThreadThatIsGoneReadsAsNothing() {
        assertEquals(Optional.empty(), ProcStatus.readIfAlive(Integer.MAX_VALUE - 1));
    }

    @Test
    void aKernelWithoutSeccompIsSaidSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProcStatus.parse(3, "Name:\tx\nState:\tR (running)\n"));
        assertTrue(e.getMessage().contains("no Seccomp line"), e.getMessage());
    }

    /** The file of this very thread agrees with what prctl(PR_GET_SECCOMP) tells the thread. */
    @Test
    void agreesWithPrctlForTheCallingThread() {
        int tid = Syscalls.gettid();
        ProcStatus s = ProcStatus.read(tid);

        assertEquals(SeccompLoader.currentMode(), s.seccomp().value());
        assertEquals(ProcessHandle.current().pid(), s.tgid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), s.ppid());
        assertEquals('R', s.state(), "a thread reading its own status is running");
        assertFalse(s.name().isEmpty());
    }

    @Test
    void aMissingProcessIsBadInput() {
        InputException e = assertThrows(InputException.class, () -> ProcStatus.read(Integer.MAX_VALUE - 1));
        assertEquals("pid " + (Integer.MAX_VALUE - 1) + ": no such process", e.getMessage());
    }
}
