package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

/**
 * Filters in the style of the kernel's own seccomp selftests
 * (tools/testing/selftests/seccomp/seccomp_bpf.c), with the outcomes the kernel gives them,
 * checked in pure Java against the verifier and the emulator.
 */
class KernelSelftestCasesTest {
    private static final int NR_GETPID = 39;
    private static final int NR_GETPPID = 110;

    /** The selftests' syscall_arg(n): the low word of args[n], whose offset depends on byte order. */
    private static int syscallArg(int n, boolean le) {
        return SECCOMP_DATA_ARGS + 8 * n + (le ? 0 : 4);
    }

    private static final Insn RET_ALLOW = stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

    @Test
    void allowAll() {
        BpfProgram p = BpfProgram.of(RET_ALLOW);
        assertTrue(Verifier.accepts(p));
        assertEquals(SECCOMP_RET_ALLOW, Emulator.decide(p, SeccompData.of(Arch.X86_64, NR_GETPID), true));
    }

    @Test
    void emptyProgramIsRejected() {
        assertFalse(Verifier.accepts(BpfProgram.of()));
    }

    @Test
    void killOne() {
        BpfProgram p = BpfProgram.of(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, NR_GETPID, 0, 1),
                stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL),
                RET_ALLOW);
        assertTrue(Verifier.accepts(p));
        assertEquals(SECCOMP_RET_KILL, Emulator.decide(p, SeccompData.of(Arch.X86_64, NR_GETPID), true));
        assertEquals(SECCOMP_RET_ALLOW, Emulator.decide(p, SeccompData.of(Arch.X86_64, NR_GETPPID), true));
    }

    @Test
    void killOneArgOneOnEitherByteOrder() {
        for (boolean le : List.of(true, false)) {
            BpfProgram p = BpfProgram.of(
                    stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                    jump(BPF_JMP | BPF_JEQ | BPF_K, NR_GETPID, 1, 0),
                    RET_ALLOW,
                    stmt(BPF_LD | BPF_W | BPF_ABS, syscallArg(0, le)),
                    jump(BPF_JMP | BPF_JEQ | BPF_K, 0x0C0FFEE, 0, 1),
                    stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL),
                    RET_ALLOW);
            assertTrue(Verifier.accepts(p));
            Arch arch = le ? Arch.X86_64 : Arch.S390X;
            assertEquals(SECCOMP_RET_KILL, Emulator.decide(p, SeccompData.of(arch, NR_GETPID, 0x0C0FFEE), le));
            assertEquals(SECCOMP_RET_ALLOW, Emulator.decide(p, SeccompData.of(arch, NR_GETPID, 0x0C0FFEF), le));
            assertEquals(SECCOMP_RET_ALLOW, Emulator.decide(p, SeccompData.of(arch, NR_GETPID, 0x0C0FFEEL << 32), le),
                    "the high word is not looked at");
        }
    }

    @Test
    void argumentSixIsOutOfRange() {
        assertFalse(Verifier.accepts(BpfProgram.of(stmt(BPF_LD | BPF_W | BPF_ABS, syscallArg(6, true)), RET_ALLOW)));
        assertFalse(Verifier.accepts(BpfProgram.of(stmt(BPF_LD | BPF_W | BPF_ABS, syscallArg(6, false)), RET_ALLOW)));
    }

    @Test
    void unknownReturnValuesPassThroughTheFilterUnchanged() {
        // The kernel treats an unknown action like KILL_PROCESS; the filter's value is what it is.
        BpfProgram p = BpfProgram.of(stmt(BPF_RET | BPF_K, 0x10000000));
        assertEquals(0x10000000, Emulator.decide(p, SeccompData.of(Arch.X86_64, NR_GETPID), true));
    }

    /** One filter per action, each hitting getpid only. */
    private static BpfProgram onGetpid(int value) {
        return BpfProgram.of(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, NR_GETPID, 0, 1),
                stmt(BPF_RET | BPF_K, value),
                RET_ALLOW);
    }

    @Test
    void stackedFiltersLetTheStrongestActionWin() {
        SeccompData getpid = SeccompData.of(Arch.X86_64, NR_GETPID);
        List<BpfProgram> all = List.of(onGetpid(SECCOMP_RET_ALLOW), onGetpid(SECCOMP_RET_LOG), onGetpid(Bpf.trace(1)),
                onGetpid(Bpf.errno(1)), onGetpid(SECCOMP_RET_TRAP), onGetpid(SECCOMP_RET_KILL_THREAD),
                onGetpid(SECCOMP_RET_KILL_PROCESS));
        assertEquals(SECCOMP_RET_KILL_PROCESS, Emulator.decideStack(all, getpid, true));
        assertEquals(SECCOMP_RET_KILL_THREAD, Emulator.decideStack(all.subList(0, 6), getpid, true));
        assertEquals(SECCOMP_RET_TRAP, Emulator.decideStack(all.subList(0, 5), getpid, true));
        assertEquals(Bpf.errno(1), Emulator.decideStack(all.subList(0, 4), getpid, true));
        assertEquals(Bpf.trace(1), Emulator.decideStack(all.subList(0, 3), getpid, true));
        assertEquals(SECCOMP_RET_LOG, Emulator.decideStack(all.subList(0, 2), getpid, true));
        assertEquals(SECCOMP_RET_ALLOW, Emulator.decideStack(all, SeccompData.of(Arch.X86_64, NR_GETPPID), true));
    }

    @Test
    void amongEqualActionsTheNewestFilterKeepsItsData() {
        SeccompData getpid = SeccompData.of(Arch.X86_64, NR_GETPID);
        List<BpfProgram> newestFirst = List.of(onGetpid(Bpf.errno(2)), onGetpid(Bpf.errno(1)));
        assertEquals(Bpf.errno(2), Emulator.decideStack(newestFirst, getpid, true));
        assertEquals(SECCOMP_RET_ALLOW, Emulator.decideStack(List.of(onGetpid(SECCOMP_RET_ALLOW | 5)), getpid, true),
                "ALLOW never replaces the starting ALLOW, data and all");
    }
}
