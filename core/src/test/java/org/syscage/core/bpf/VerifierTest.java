package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class VerifierTest {
    private static final Insn RET_ALLOW = stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

    /** The program's single problem; fails unless there is exactly one. */
    private static String onlyProblem(Insn... insns) {
        List<String> problems = Verifier.check(BpfProgram.of(insns));
        assertEquals(1, problems.size(), () -> "problems: " + problems);
        return problems.getFirst();
    }

    private static void assertAccepted(Insn... insns) {
        List<String> problems = Verifier.check(BpfProgram.of(insns));
        assertEquals(List.of(), problems);
    }

    @Test
    void acceptsAValidFilterUsingEveryKindOfInstruction() {
        assertAccepted(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARCH),
                stmt(BPF_ST, 0),
                stmt(BPF_LDX | BPF_W | BPF_LEN, 0),
                stmt(BPF_STX, 1),
                stmt(BPF_LD | BPF_W | BPF_ABS, Bpf.argHighOffset(5, true)),
                stmt(BPF_ALU | BPF_AND | BPF_K, 0xff),
                stmt(BPF_ALU | BPF_DIV | BPF_X, 0),
                stmt(BPF_ALU | BPF_LSH | BPF_K, 31),
                jump(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 1),
                stmt(BPF_LD | BPF_MEM, 0),
                stmt(BPF_MISC | BPF_TAX, 0),
                stmt(BPF_JMP | BPF_JA, 0),
                stmt(BPF_RET | BPF_A, 0));
    }

    @Test
    void rejectsAnEmptyProgram() {
        assertTrue(onlyProblem().contains("empty"));
    }

    @Test
    void acceptsBpfMaxInsnsAndRejectsOneMore() {
        List<Insn> max = new ArrayList<>(Collections.nCopies(BPF_MAXINSNS, RET_ALLOW));
        assertTrue(Verifier.accepts(BpfProgram.of(max)));
        max.add(RET_ALLOW);
        String problem = onlyProblem(max.toArray(Insn[]::new));
        assertTrue(problem.contains("4097 instructions") && problem.contains("4096"), problem);
    }

    @Test
    void rejectsAnOpcodeThatIsNotClassicBpf() {
        String problem = onlyProblem(stmt(0xff, 0), RET_ALLOW);
        assertEquals("instruction 0: opcode 0xff is not a classic BPF instruction", problem);
    }

    @Test
    void rejectsClassicInstructionsSeccompDoesNotRun() {
        assertEquals("instruction 0: BPF_ALU|BPF_MOD|BPF_K (0x94) is classic BPF, but seccomp does not accept it",
                onlyProblem(stmt(BPF_ALU | BPF_MOD | BPF_K, 3), RET_ALLOW));
        assertTrue(onlyProblem(stmt(BPF_LD | BPF_H | BPF_ABS, 0), RET_ALLOW).contains("BPF_LD|BPF_H|BPF_ABS"));
        assertTrue(onlyProblem(stmt(BPF_LD | BPF_B | BPF_IND, 0), RET_ALLOW).contains("BPF_LD|BPF_B|BPF_IND"));
        assertTrue(onlyProblem(stmt(BPF_LDX | BPF_B | BPF_MSH, 0), RET_ALLOW).contains("BPF_LDX|BPF_B|BPF_MSH"));
        assertFalse(Verifier.isSeccompOpcode(BPF_ALU | BPF_MOD | BPF_X));
        assertTrue(Verifier.isSeccompOpcode(BPF_JMP | BPF_JSET | BPF_X));
    }

    @Test
    void rejectsDivisionByTheConstantZero() {
        assertEquals("instruction 0: divides by the constant 0",
                onlyProblem(stmt(BPF_ALU | BPF_DIV | BPF_K, 0), RET_ALLOW));
        assertAccepted(stmt(BPF_ALU | BPF_DIV | BPF_X, 0), RET_ALLOW);
    }

    @Test
    void rejectsConstantShiftsOf32OrMore() {
        assertTrue(onlyProblem(stmt(BPF_ALU | BPF_RSH | BPF_K, 32), RET_ALLOW).contains("shifts by the constant 32"));
        assertTrue(onlyProblem(stmt(BPF_ALU | BPF_LSH | BPF_K, -1), RET_ALLOW).contains("4294967295"));
        assertAccepted(stmt(BPF_ALU | BPF_RSH | BPF_K, 31), stmt(BPF_LDX | BPF_IMM, 99),
                stmt(BPF_ALU | BPF_LSH | BPF_X, 0), RET_ALLOW);
    }

    @Test
    void rejectsScratchCellsBeyondFifteen() {
        assertEquals("instruction 0: uses scratch cell M[16]; there are only M[0] to M[15]",
                onlyProblem(stmt(BPF_ST, 16), RET_ALLOW));
        assertTrue(onlyProblem(stmt(BPF_LDX | BPF_MEM, 99), RET_ALLOW).contains("M[99]"));
    }

    @Test
    void rejectsAJaPastTheEnd() {
        assertAccepted(stmt(BPF_JMP | BPF_JA, 1), RET_ALLOW, RET_ALLOW);
        assertEquals("instruction 0: jumps 2 forward, to 3, but the last instruction is 2",
                onlyProblem(stmt(BPF_JMP | BPF_JA, 2), RET_ALLOW, RET_ALLOW));
        assertTrue(onlyProblem(stmt(BPF_JMP | BPF_JA, -1), RET_ALLOW).contains("4294967295 forward"));
    }

    @Test
    void rejectsConditionalJumpsPastTheEnd() {
        assertEquals("instruction 0: jumps to 3 when true, but the last instruction is 2",
                onlyProblem(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0), RET_ALLOW, RET_ALLOW));
        assertEquals("instruction 0: jumps to 4 when false, but the last instruction is 2",
                onlyProblem(jump(BPF_JMP | BPF_JGT | BPF_X, 0, 1, 3), RET_ALLOW, RET_ALLOW));
    }

    @Test
    void rejectsLoadsOutsideSeccompDataOrUnaligned() {
        assertAccepted(stmt(BPF_LD | BPF_W | BPF_ABS, 60), RET_ALLOW);
        assertTrue(onlyProblem(stmt(BPF_LD | BPF_W | BPF_ABS, 64), RET_ALLOW).contains("loads offset 64"));
        assertTrue(onlyProblem(stmt(BPF_LD | BPF_W | BPF_ABS, 18), RET_ALLOW).contains("4-aligned"));
        assertTrue(onlyProblem(stmt(BPF_LD | BPF_W | BPF_ABS, 0xfffff000), RET_ALLOW).contains("4294963200"));
    }

    @Test
    void rejectsAProgramThatDoesNotEndInRet() {
        assertEquals("instruction 1: the last instruction must be a ret, so execution cannot run off the end",
                onlyProblem(RET_ALLOW, stmt(BPF_LD | BPF_IMM, 0)));
    }

    @Test
    void rejectsReadingScratchMemoryNeverWritten() {
        assertEquals("instruction 0: reads M[2], which is not written on every path that reaches it",
                onlyProblem(stmt(BPF_LD | BPF_MEM, 2), RET_ALLOW));
    }

    @Test
    void rejectsReadingACellWrittenOnOnlyOneBranch() {
        assertTrue(onlyProblem(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
                stmt(BPF_ST, 4),
                stmt(BPF_LDX | BPF_MEM, 4),
                RET_ALLOW).startsWith("instruction 3: reads M[4]"));
    }

    @Test
    void acceptsACellWrittenOnBothBranches() {
        assertAccepted(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
                stmt(BPF_ST, 4),
                stmt(BPF_JMP | BPF_JA, 1),
                stmt(BPF_ST, 4),
                stmt(BPF_LDX | BPF_MEM, 4),
                RET_ALLOW);
    }

    @Test
    void treatsTheInstructionAfterARetAsIfControlCouldFallIntoIt() {
        // M[0] is written on the only path to instruction 5 (through the ja at 3), but the kernel's
        // linear pass carries "nothing written" from the ret at 4 into 5 and refuses the filter.
        BpfProgram p = BpfProgram.of(
                stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
                stmt(BPF_ST, 0),
                stmt(BPF_JMP | BPF_JA, 1),
                stmt(BPF_RET | BPF_K, 0),
                stmt(BPF_LD | BPF_MEM, 0),
                stmt(BPF_RET | BPF_A, 0));
        assertEquals(List.of("instruction 5: reads M[0], which is not written on every path that reaches it"),
                Verifier.check(p));
    }

    @Test
    void listsEveryProblemAndVerifyThrowsWithAllOfThem() {
        BpfProgram p = BpfProgram.of(
                stmt(BPF_ALU | BPF_DIV | BPF_K, 0),
                stmt(BPF_LD | BPF_W | BPF_ABS, 3),
                stmt(BPF_LD | BPF_IMM, 0));
        BpfVerifyException e = assertThrows(BpfVerifyException.class, () -> Verifier.verify(p));
        assertEquals(3, e.problems().size());
        assertEquals("the kernel would reject this filter: instruction 0: divides by the constant 0 (and 2 more)",
                e.getMessage());
        assertEquals(List.of(0, 1, 2), Verifier.problems(p).stream().map(Verifier.Problem::index).toList());
    }
}
