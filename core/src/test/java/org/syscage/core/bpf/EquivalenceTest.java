package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Equivalence.Domain;
import org.syscage.core.bpf.Equivalence.Relation;
import org.syscage.core.bpf.Equivalence.Verdict;

class EquivalenceTest {
    private static final Domain ANY = Domain.anyInput(true);
    private static final int ARG0_LOW = Bpf.argLowOffset(0, true);
    private static final int ARG0_HIGH = Bpf.argHighOffset(0, true);
    private static final int ARG2_LOW = Bpf.argLowOffset(2, true);

    private static Insn ld(int offset) {
        return stmt(BPF_LD | BPF_W | BPF_ABS, offset);
    }

    private static Insn ret(int value) {
        return stmt(BPF_RET | BPF_K, value);
    }

    /** nr 1 is allowed when args[0]'s low word passes {@code test #5}, else ERRNO(1); others allowed. */
    private static BpfProgram argumentBoundary(int test) {
        return BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 3),
                ld(ARG0_LOW),
                jump(test, 5, 1, 0),
                ret(Bpf.errno(1)),
                ret(SECCOMP_RET_ALLOW));
    }

    @Test
    void findsTheOneInputWhereTwoBoundariesDiffer() {
        BpfProgram gt = argumentBoundary(BPF_JMP | BPF_JGT | BPF_K);
        BpfProgram ge = argumentBoundary(BPF_JMP | BPF_JGE | BPF_K);
        Verdict v = Equivalence.compare(gt, ge, Domain.of(Arch.X86_64));
        assertTrue(v.exhaustive());
        Equivalence.Difference d = v.difference().orElseThrow();
        assertEquals(SeccompData.of(Arch.X86_64, 1, 5), d.input());
        assertEquals(Bpf.errno(1), d.first());
        assertEquals(SECCOMP_RET_ALLOW, d.second());
        assertEquals(Optional.of(d.input()), Equivalence.counterexample(gt, ge, Arch.X86_64));
    }

    @Test
    void aReorderedDispatchIsEquivalent() {
        BpfProgram linear = BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 4, 0),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 3, 0),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 2, 3, 0),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 60, 1, 0),
                ret(SECCOMP_RET_KILL_PROCESS),
                ret(SECCOMP_RET_ALLOW),
                ret(Bpf.errno(2)));
        // nr >= 3 ? (nr == 60 ? ALLOW : KILL) : (nr == 2 ? ERRNO(2) : ALLOW)
        BpfProgram tree = BpfProgram.of(
                ld(SECCOMP_DATA_NR),                               // 0
                jump(BPF_JMP | BPF_JGE | BPF_K, 3, 0, 2),          // 1
                jump(BPF_JMP | BPF_JEQ | BPF_K, 60, 3, 0),         // 2
                ret(SECCOMP_RET_KILL_PROCESS),                      // 3
                jump(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1),          // 4
                ret(Bpf.errno(2)),                                  // 5
                ret(SECCOMP_RET_ALLOW));                            // 6
        Verdict v = Equivalence.compare(linear, tree, ANY);
        assertTrue(v.equivalent(), v::toString);
        assertEquals(5, v.cases(), "one pair of paths per cell of inputs: nr 0, 1, 2, 60 and the rest");
    }

    @Test
    void refusesProgramsTheKernelWouldReject() {
        BpfProgram noRet = BpfProgram.of(ld(SECCOMP_DATA_NR));
        assertThrows(BpfVerifyException.class,
                () -> Equivalence.compare(noRet, BpfProgram.of(ret(SECCOMP_RET_ALLOW)), ANY));
    }

    /** allow when args[0] == 7: both words (as 64-bit ABIs need) or the low word only. */
    private static BpfProgram argEquals7(boolean checkHighWord) {
        List<Insn> insns = new ArrayList<>();
        if (checkHighWord) {
            insns.add(ld(ARG0_HIGH));
            insns.add(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3));
        }
        insns.add(ld(ARG0_LOW));
        insns.add(jump(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 1));
        insns.add(ret(SECCOMP_RET_ALLOW));
        insns.add(ret(SECCOMP_RET_KILL_PROCESS));
        return BpfProgram.of(insns);
    }

    @Test
    void highWordsMatterOnlyWhereTheAbiHasThem() {
        BpfProgram both = argEquals7(true);
        BpfProgram lowOnly = argEquals7(false);
        SeccompData d = Equivalence.counterexample(both, lowOnly, Arch.X86_64).orElseThrow();
        assertEquals(0x1_0000_0007L, d.arg(0));
        assertTrue(Equivalence.compare(both, lowOnly, Domain.of(Arch.X86)).equivalent(),
                "i386 arguments are zero-extended 32-bit registers");
    }

    @Test
    void maskedComparisonsAreDecidedExactly() {
        BpfProgram andEq = BpfProgram.of(
                ld(ARG2_LOW),
                stmt(BPF_ALU | BPF_AND | BPF_K, 4),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
                ret(SECCOMP_RET_ALLOW),
                ret(SECCOMP_RET_KILL_PROCESS));
        BpfProgram jset = BpfProgram.of(
                ld(ARG2_LOW),
                jump(BPF_JMP | BPF_JSET | BPF_K, 4, 1, 0),
                ret(SECCOMP_RET_ALLOW),
                ret(SECCOMP_RET_KILL_PROCESS));
        assertTrue(Equivalence.compare(andEq, jset, ANY).equivalent());
        BpfProgram wider = BpfProgram.of(
                ld(ARG2_LOW),
                stmt(BPF_ALU | BPF_AND | BPF_K, 6),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
                ret(SECCOMP_RET_ALLOW),
                ret(SECCOMP_RET_KILL_PROCESS));
        assertEquals(2, Equivalence.counterexample(andEq, wider, ANY).orElseThrow().arg(2));
    }

    @Test
    void comparisonsThroughXAndScratchMemoryAreFollowed() {
        BpfProgram direct = BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JGE | BPF_K, 59, 0, 1),
                ret(SECCOMP_RET_KILL_PROCESS),
                ret(SECCOMP_RET_ALLOW));
        BpfProgram constantOnTheLeft = BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                stmt(BPF_MISC | BPF_TAX, 0),
                stmt(BPF_LD | BPF_IMM, 59),
                jump(BPF_JMP | BPF_JGT | BPF_X, 0, 1, 0), // 59 > nr
                ret(SECCOMP_RET_KILL_PROCESS),
                ret(SECCOMP_RET_ALLOW));
        BpfProgram viaMemory = BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                stmt(BPF_ST, 3),
                stmt(BPF_LDX | BPF_IMM, 59),
                stmt(BPF_LD | BPF_IMM, 0),
                stmt(BPF_LD | BPF_MEM, 3),
                jump(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 1),
                ret(SECCOMP_RET_KILL_PROCESS),
                ret(SECCOMP_RET_ALLOW));
        assertTrue(Equivalence.compare(direct, constantOnTheLeft, ANY).equivalent());
        assertTrue(Equivalence.compare(direct, viaMemory, ANY).equivalent());
    }

    @Test
    void divisionByAnArgumentThatIsZeroIsADifference() {
        BpfProgram divides = BpfProgram.of(
                ld(ARG0_LOW),
                stmt(BPF_MISC | BPF_TAX, 0),
                stmt(BPF_LD | BPF_IMM, 10),
                stmt(BPF_ALU | BPF_DIV | BPF_X, 0),
                ret(SECCOMP_RET_ALLOW));
        Verdict v = Equivalence.compare(divides, BpfProgram.of(ret(SECCOMP_RET_ALLOW)), ANY);
        assertTrue(v.exhaustive());
        Equivalence.Difference d = v.difference().orElseThrow();
        assertEquals(0, d.input().arg(0) & 0xffffffffL);
        assertEquals(SECCOMP_RET_KILL_THREAD, d.first());
    }

    @Test
    void archChecksAreComparedOnlyWhereTheDomainLeavesArchOpen() {
        BpfProgram archChecked = BpfProgram.of(
                ld(SECCOMP_DATA_ARCH),
                jump(BPF_JMP | BPF_JEQ | BPF_K, Arch.X86_64.auditArch(), 0, 1),
                ret(SECCOMP_RET_ALLOW),
                ret(SECCOMP_RET_KILL_PROCESS));
        BpfProgram allowAll = BpfProgram.of(ret(SECCOMP_RET_ALLOW));
        assertTrue(Equivalence.compare(archChecked, allowAll, Domain.of(Arch.X86_64)).equivalent());
        assertEquals(0, Equivalence.counterexample(archChecked, allowAll, ANY).orElseThrow().arch());
    }

    @Test
    void arithmeticOnInputFallsBackToSampling() {
        BpfProgram minusOne = BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                stmt(BPF_ALU | BPF_SUB | BPF_K, 1),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 58, 0, 1),
                ret(SECCOMP_RET_KILL_PROCESS),
                ret(SECCOMP_RET_ALLOW));
        BpfProgram direct = BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 59, 0, 1),
                ret(SECCOMP_RET_KILL_PROCESS),
                ret(SECCOMP_RET_ALLOW));
        Verdict same = Equivalence.compare(minusOne, direct, Domain.of(Arch.X86_64));
        assertFalse(same.exhaustive());
        assertTrue(same.difference().isEmpty());
        assertFalse(same.equivalent(), "sampling is no proof");

        BpfProgram minusTwo = BpfProgram.of(
                ld(SECCOMP_DATA_NR),
                stmt(BPF_ALU | BPF_SUB | BPF_K, 2),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 58, 0, 1),
                ret(SECCOMP_RET_KILL_PROCESS),
                ret(SECCOMP_RET_ALLOW));
        Equivalence.Difference d = Equivalence.compare(minusTwo, direct, Domain.of(Arch.X86_64))
                .difference().orElseThrow();
        assertTrue(d.input().nr() == 59 || d.input().nr() == 60, d.toString());
        assertNotEquals(d.first(), d.second());
    }

    @Test
    void libseccompOptimizationLevelsAgree() {
        BpfProgram o1 = LibseccompFixtures.load("libseccomp-x86_64-o1.bpf", ByteOrder.LITTLE_ENDIAN);
        BpfProgram o2 = LibseccompFixtures.load("libseccomp-x86_64-o2.bpf", ByteOrder.LITTLE_ENDIAN);
        assertTrue(Equivalence.compare(o1, o2, Domain.of(Arch.X86_64)).equivalent());
        assertTrue(Equivalence.compare(o1, o2, ANY).equivalent(), "bad-arch handling is the same too");
    }

    @Test
    void aMultiArchFilterDiffersOnX32AndI386() {
        BpfProgram x86_64 = LibseccompFixtures.load("libseccomp-x86_64-o1.bpf", ByteOrder.LITTLE_ENDIAN);
        BpfProgram multi = LibseccompFixtures.load("libseccomp-x86_64-x86-x32-o1.bpf", ByteOrder.LITTLE_ENDIAN);
        SeccompData x32 = Equivalence.counterexample(x86_64, multi, Arch.X86_64).orElseThrow();
        assertTrue((x32.nr() & Arch.X32_SYSCALL_BIT) != 0, x32.toString());
        SeccompData i386 = Equivalence.counterexample(x86_64, multi, Arch.X86).orElseThrow();
        assertEquals(Arch.X86.auditArch(), i386.arch());
        assertTrue(Domain.of(Arch.X32).admits(Equivalence.counterexample(x86_64, multi, Arch.X32).orElseThrow()));
    }

    @Test
    void aContradictoryDomainHasNothingToCompare() {
        Domain none = ANY.withNr(1).and(SECCOMP_DATA_NR, -1, Relation.GT, 5);
        Verdict v = Equivalence.compare(BpfProgram.of(ret(0)), BpfProgram.of(ret(1)), none);
        assertTrue(v.equivalent());
        assertEquals(0, v.cases());
    }

    /** ld nr; for each nr in 0..count-1: jeq → its action; default KILL_PROCESS. */
    private static List<Insn> chain(int from, int to, int[] actions) {
        List<Insn> out = new ArrayList<>();
        for (int nr = from; nr < to; nr++) {
            out.add(jump(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1));
            out.add(ret(actions[nr]));
        }
        out.add(ret(SECCOMP_RET_KILL_PROCESS));
        return out;
    }

    @Test
    void scalesToHundredsOfSyscalls() {
        int count = 450;
        int[] actions = new int[count];
        for (int nr = 0; nr < count; nr++) {
            actions[nr] = switch (nr % 3) {
                case 0 -> SECCOMP_RET_ALLOW;
                case 1 -> Bpf.errno(nr);
                default -> SECCOMP_RET_LOG;
            };
        }
        List<Insn> linear = new ArrayList<>(List.of(ld(SECCOMP_DATA_NR)));
        linear.addAll(chain(0, count, actions));
        List<Insn> halves = new ArrayList<>(List.of(ld(SECCOMP_DATA_NR)));
        List<Insn> low = chain(0, count / 2, actions);
        halves.add(jump(BPF_JMP | BPF_JGE | BPF_K, count / 2, 0, 1));
        halves.add(stmt(BPF_JMP | BPF_JA, low.size()));
        halves.addAll(low);
        halves.addAll(chain(count / 2, count, actions));
        BpfProgram a = BpfProgram.of(linear);
        BpfProgram b = BpfProgram.of(halves);
        assertTrue(Equivalence.compare(a, b, Domain.of(Arch.X86_64)).equivalent());

        actions[400] = Bpf.errno(1);
        List<Insn> changed = new ArrayList<>(List.of(ld(SECCOMP_DATA_NR)));
        changed.addAll(chain(0, count, actions));
        assertEquals(400, Equivalence.counterexample(a, BpfProgram.of(changed), Arch.X86_64).orElseThrow().nr());
    }
}
