package org.syscage.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.linux.seccomp.HandWrittenBpf.NR;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_ALLOW;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_ERRNO;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_KILL_PROCESS;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_KILL_THREAD;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_LOG;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_TRACE;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_TRAP;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_USER_NOTIF;
import static org.syscage.linux.seccomp.HandWrittenBpf.argHigh;
import static org.syscage.linux.seccomp.HandWrittenBpf.argLow;
import static org.syscage.linux.seccomp.HandWrittenBpf.jeq;
import static org.syscage.linux.seccomp.HandWrittenBpf.jset;
import static org.syscage.linux.seccomp.HandWrittenBpf.load;
import static org.syscage.linux.seccomp.HandWrittenBpf.onSyscall;
import static org.syscage.linux.seccomp.HandWrittenBpf.program;
import static org.syscage.linux.seccomp.HandWrittenBpf.ret;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.seccomp.ProbeOutcome.ProcessKilled;
import org.syscage.linux.seccomp.ProbeOutcome.Returned;
import org.syscage.linux.seccomp.ProbeOutcome.ThreadKilled;
import org.syscage.linux.seccomp.ProbeOutcome.TimedOut;

/** Real system calls under hand-written filters, made in a child JVM by {@link KernelProbe}. */
class KernelProbeTest {
    private static final long GETPID = HostSyscall.GETPID.number();
    private static final long GETPPID = HostSyscall.GETPPID.number();
    /** The child's parent is this JVM: an allowed getppid returns our pid. */
    private static final Returned ALLOWED_GETPPID = new Returned(ProcessHandle.current().pid());
    private static final int ENOSYS = 38;

    private static ProbeOutcome probeGetpid(int action) {
        return KernelProbe.run(onSyscall(GETPID, action), List.of(ProbeCall.of(GETPID))).getFirst();
    }

    @Test
    void errnoRuleDeniesItsSyscallAndTheRestRuns() {
        List<ProbeOutcome> outcomes = KernelProbe.run(onSyscall(GETPID, RET_ERRNO | 42),
                List.of(ProbeCall.of(GETPID), ProbeCall.of(GETPPID)));

        assertEquals(List.of(new Returned(-42), ALLOWED_GETPPID), outcomes);
    }

    @Test
    void kernelRefusalOfTheProgramIsAClearException() {
        byte[] badJump = program(load(NR), jeq(0, 9, 0), ret(RET_ALLOW));

        NativeException e = assertThrows(NativeException.class,
                () -> KernelProbe.run(badJump, List.of(ProbeCall.of(GETPID))));
        assertEquals("seccomp(SECCOMP_SET_MODE_FILTER): EINVAL (Invalid argument)", e.getMessage());
    }

    @Test
    void traceWithoutATracerFailsTheCallWithEnosys() {
        assertEquals(new Returned(-ENOSYS), probeGetpid(RET_TRACE | 7));
    }

    @Test
    void userNotifWithoutAListenerFailsTheCallWithEnosys() {
        assertEquals(new Returned(-ENOSYS), probeGetpid(RET_USER_NOTIF));
    }

    @Test
    void logLetsTheCallThrough() {
        List<ProbeOutcome> outcomes = KernelProbe.run(onSyscall(GETPPID, RET_LOG), List.of(ProbeCall.of(GETPPID)));

        assertEquals(List.of(ALLOWED_GETPPID), outcomes);
    }

    @Test
    void errnoAboveMaxErrnoIsCappedByTheKernel() {
        // SECCOMP_RET_DATA holds 16 bits, but the kernel returns at most -MAX_ERRNO (4095).
        assertEquals(new Returned(-4095), probeGetpid(RET_ERRNO | 5000));
    }

    @Test
    void killProcessEndsTheChildWithSigsysAndLaterCallsRunInANewOne() {
        List<ProbeOutcome> outcomes = KernelProbe.run(onSyscall(GETPID, RET_KILL_PROCESS),
                List.of(ProbeCall.of(GETPPID), ProbeCall.of(GETPID), ProbeCall.of(GETPPID)));

        assertEquals(List.of(ALLOWED_GETPPID, new ProcessKilled(ProbeOutcome.SIGSYS), ALLOWED_GETPPID), outcomes);
    }

    @Test
    void trapKillsTheJvmBecauseItHasNoSigsysHandler() {
        assertEquals(new ProcessKilled(ProbeOutcome.SIGSYS), probeGetpid(RET_TRAP));
    }

    @Test
    void killThreadEndsOnlyTheCallingThread() {
        List<ProbeOutcome> outcomes = KernelProbe.run(onSyscall(GETPID, RET_KILL_THREAD),
                List.of(ProbeCall.of(GETPID), ProbeCall.of(GETPPID)));

        assertEquals(List.of(new ThreadKilled(), ALLOWED_GETPPID), outcomes);
    }

    @Test
    void argumentWordsLieWhereSeccompDataPutsThem() {
        // getpid ignores its arguments, so the filter alone decides: ERRNO(10) for exactly 2^32,
        // ERRNO(20) when the sign bit is set, ERRNO(30) for 0xffffffff, else allow.
        byte[] filter = program(
                /* 0 */ load(NR),
                /* 1 */ jeq((int) GETPID, 0, 8),
                /* 2 */ load(argHigh(0)),
                /* 3 */ jset(0x80000000, 7, 0),
                /* 4 */ jeq(1, 0, 2),
                /* 5 */ load(argLow(0)),
                /* 6 */ jeq(0, 5, 3),
                /* 7 */ jeq(0, 0, 2),
                /* 8 */ load(argLow(0)),
                /* 9 */ jeq(0xffffffff, 3, 0),
                /* 10 */ ret(RET_ALLOW),
                /* 11 */ ret(RET_ERRNO | 20),
                /* 12 */ ret(RET_ERRNO | 10),
                /* 13 */ ret(RET_ERRNO | 30));
        List<ProbeCall> calls = List.of(
                ProbeCall.of(GETPID, 1L << 32),
                ProbeCall.of(GETPID, Long.MIN_VALUE),
                ProbeCall.of(GETPID, -1L),
                ProbeCall.of(GETPID, 0xffffffffL),
                ProbeCall.of(GETPID, 0x1_ffffffffL),
                ProbeCall.of(GETPID, 0));

        List<ProbeOutcome> outcomes = KernelProbe.run(filter, calls);

        assertEquals(new Returned(-10), outcomes.get(0));
        assertEquals(new Returned(-20), outcomes.get(1));
        assertEquals(new Returned(-20), outcomes.get(2));
        assertEquals(new Returned(-30), outcomes.get(3));
        assertAllowedGetpid(outcomes.get(4));
        assertAllowedGetpid(outcomes.get(5));
    }

    @Test
    void aFilterThatDeniesNearlyEverythingStillReportsItsCalls() {
        // Only getppid is allowed; even exit and futex are denied for the probe thread. Its
        // results are in memory before it tries to leave.
        for (int otherwise : List.of(RET_ERRNO | 1, RET_KILL_PROCESS)) {
            byte[] whitelist = program(load(NR), jeq((int) GETPPID, 0, 1), ret(RET_ALLOW), ret(otherwise));

            List<ProbeOutcome> outcomes = KernelProbe.run(whitelist,
                    List.of(ProbeCall.of(GETPPID), ProbeCall.of(GETPPID, 7)));

            assertEquals(List.of(ALLOWED_GETPPID, ALLOWED_GETPPID), outcomes);
        }
    }

    @Test
    void bufferArgumentsPointAtMemoryOfTheChild() {
        List<ProbeOutcome> outcomes = KernelProbe.run(program(ret(RET_ALLOW)),
                List.of(ProbeCall.of(HostSyscall.UNAME.number()).with(0, new ProbeArg.Buffer(6 * 65))));

        assertEquals(List.of(new Returned(0)), outcomes);
    }

    @Test
    void aCallThatBlocksTimesOutAndTheNextOneStillRuns() {
        // ppoll(NULL, 0, NULL, NULL) sleeps until a signal arrives, which never happens.
        List<ProbeOutcome> outcomes = KernelProbe.run(program(ret(RET_ALLOW)),
                List.of(ProbeCall.of(HostSyscall.PPOLL.number(), 0, 0, 0, 0, 8), ProbeCall.of(GETPPID)),
                Duration.ofMillis(300));

        assertInstanceOf(TimedOut.class, outcomes.get(0));
        assertEquals(ALLOWED_GETPPID, outcomes.get(1));
    }

    static boolean hostIsX86_64() {
        return Arch.host() == Arch.X86_64;
    }

    @Test
    @EnabledIf("hostIsX86_64")
    void x32NumbersMeetTheFilterEvenOnAKernelWithoutX32() {
        long x32Getpid = Arch.X32_SYSCALL_BIT | GETPID;
        List<ProbeOutcome> outcomes = KernelProbe.run(onSyscall(x32Getpid, RET_ERRNO | 77),
                List.of(ProbeCall.of(x32Getpid), ProbeCall.of(Arch.X32_SYSCALL_BIT | GETPPID)));

        // The filter runs before the kernel looks the number up, so the rule decides; a number
        // the filter lets through then fails with ENOSYS (this kernel has no x32 ABI).
        assertEquals(List.of(new Returned(-77), new Returned(-ENOSYS)), outcomes);
    }

    private static void assertAllowedGetpid(ProbeOutcome outcome) {
        Returned returned = assertInstanceOf(Returned.class, outcome);
        assertTrue(returned.value() > 0, "a pid, got " + returned.value());
    }
}
