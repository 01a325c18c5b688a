package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

class CacheAnalysisTest {
    private static final int X86_64 = Arch.X86_64.auditArch();

    private static BitSet bits(int... nrs) {
        BitSet b = new BitSet();
        for (int nr : nrs) {
            b.set(nr);
        }
        return b;
    }

    /** arch check, then: 0..9 allowed outright, 10 allowed if arg0 == 1, 11 ERRNO, rest killed. */
    private static final BpfProgram MIXED = BpfProgram.of(
            stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARCH),                  // 0
            jump(BPF_JMP | BPF_JEQ | BPF_K, X86_64, 1, 0),                     // 1
            stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),                    // 2
            stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),                   // 3
            jump(BPF_JMP | BPF_JGE | BPF_K, 10, 1, 0),                          // 4
            stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),                           // 5
            jump(BPF_JMP | BPF_JEQ | BPF_K, 10, 0, 3),                          // 6
            stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARGS),                 // 7
            jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 3, 4),                           // 8
            stmt(BPF_JMP | BPF_JA, 0),                                          // 9
            jump(BPF_JMP | BPF_JEQ | BPF_K, 11, 0, 2),                          // 10
            stmt(BPF_RET | BPF_K, Bpf.errno(1)),                                // 11
            stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),                           // 12
            stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));                   // 13

    @Test
    void onlyArgumentFreeAllowsAreCached() {
        assertEquals(List.of(), Verifier.check(MIXED));
        assertEquals(bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 335, 336), CacheAnalysis.cacheableSyscalls(MIXED, Arch.X86_64, 400));
        assertFalse(CacheAnalysis.isConstAllow(MIXED, Arch.X86_64, 10), "its path loads an argument");
        assertFalse(CacheAnalysis.isConstAllow(MIXED, Arch.X86_64, 11), "ERRNO is not cached");
    }

    @Test
    void theUprobeExceptionIsX86_64Only() {
        assertTrue(CacheAnalysis.isConstAllow(MIXED, Arch.X86_64, 335));
        assertFalse(CacheAnalysis.isFilterConstAllow(MIXED, X86_64, 335), "the filter itself kills it");
        assertEquals(bits(), CacheAnalysis.cacheableSyscalls(MIXED, Arch.X86, 400), "i386 fails the arch check");
        assertEquals(bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                CacheAnalysis.cacheableSyscalls(BpfProgram.of(
                        stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                        jump(BPF_JMP | BPF_JGE | BPF_K, 10, 1, 0),
                        stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                        stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)), Arch.AARCH64, 400));
    }

    @Test
    void andJsetAndJaAreUnderstood() {
        // Allow the even numbers below 64.
        BpfProgram p = BpfProgram.of(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JSET | BPF_K, 1, 3, 0),
                stmt(BPF_ALU | BPF_AND | BPF_K, ~63),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
                stmt(BPF_JMP | BPF_JA, 1),
                stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
                stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        BitSet even = new BitSet();
        for (int nr = 0; nr < 64; nr += 2) {
            even.set(nr);
        }
        assertEquals(even, CacheAnalysis.cacheableSyscalls(p, Arch.AARCH64, 200));
    }

    @Test
    void anyOtherInstructionOnThePathPreventsCaching() {
        BpfProgram viaX = BpfProgram.of(
                stmt(BPF_LDX | BPF_IMM, 0),
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 1),
                stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
        assertEquals(SECCOMP_RET_ALLOW, Emulator.decide(viaX, SeccompData.of(Arch.AARCH64, 0), true));
        assertFalse(CacheAnalysis.isConstAllow(viaX, Arch.AARCH64, 0));

        BpfProgram retA = BpfProgram.of(stmt(BPF_LD | BPF_IMM, SECCOMP_RET_ALLOW), stmt(BPF_RET | BPF_A, 0));
        assertFalse(CacheAnalysis.isConstAllow(retA, Arch.AARCH64, 0), "only ret #k counts");

        BpfProgram arithmetic = BpfProgram.of(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                stmt(BPF_ALU | BPF_ADD | BPF_K, 0),
                stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        assertFalse(CacheAnalysis.isConstAllow(arithmetic, Arch.AARCH64, 0), "add is not understood, even of 0");
    }

    @Test
    void allowWithDataIsNotTheAllowTheKernelLooksFor() {
        BpfProgram p = BpfProgram.of(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW | 1));
        assertEquals(SECCOMP_RET_ALLOW, Emulator.run(p, SeccompData.of(Arch.AARCH64, 0), true).action());
        assertFalse(CacheAnalysis.isConstAllow(p, Arch.AARCH64, 0));
        assertTrue(CacheAnalysis.isConstAllow(BpfProgram.of(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)), Arch.AARCH64, 0));
    }

    @Test
    void x32NumbersAreNeverCached() {
        BpfProgram allowAll = BpfProgram.of(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        assertEquals(new BitSet(), CacheAnalysis.cacheableSyscalls(allowAll, Arch.X32, 400));
        assertEquals(401, CacheAnalysis.cacheableSyscalls(allowAll, Arch.X86_64, 400).cardinality(), "0..400 inclusive");
    }

    @Test
    void nativeAndCompatArches() {
        assertEquals(List.of(Arch.X86_64, Arch.X86), CacheAnalysis.cachedArches(Arch.X86_64));
        assertEquals(List.of(Arch.AARCH64, Arch.ARM), CacheAnalysis.cachedArches(Arch.AARCH64));
        assertEquals(List.of(Arch.RISCV64), CacheAnalysis.cachedArches(Arch.RISCV64));
    }
}
