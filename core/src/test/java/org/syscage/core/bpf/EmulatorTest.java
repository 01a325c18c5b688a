package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

class EmulatorTest {
    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int AUDIT_ARCH_I386 = 0x40000003;

    /** The textbook filter: x86_64 only, read(0) and write(1) allowed, everything else killed. */
    private static final BpfProgram READ_WRITE_ONLY = BpfProgram.of(
            stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARCH),      // 0
            jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), // 1
            stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),         // 2
            stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),        // 3
            jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0),               // 4 read
            jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 1, 0),               // 5 write
            stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),         // 6
            stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));               // 7

    private static SeccompData x86_64(int nr, long... args) {
        return SeccompData.of(Arch.X86_64, nr, args);
    }

    @Nested
    class WholeFilters {
        @Test
        void allowsReadAndWriteAlongTheExpectedPath() {
            Emulator.Result read = Emulator.run(READ_WRITE_ONLY, x86_64(0), true);
            assertEquals(SECCOMP_RET_ALLOW, read.value());
            assertArrayEquals(new int[] {0, 1, 3, 4, 7}, read.path());
            Emulator.Result write = Emulator.run(READ_WRITE_ONLY, x86_64(1), true);
            assertEquals(SECCOMP_RET_ALLOW, write.value());
            assertArrayEquals(new int[] {0, 1, 3, 4, 5, 7}, write.path());
        }

        @Test
        void killsOtherSyscallsAndOtherArches() {
            Emulator.Result getpid = Emulator.run(READ_WRITE_ONLY, x86_64(39), true);
            assertEquals(SECCOMP_RET_KILL_PROCESS, getpid.action());
            assertEquals(6, getpid.lastIndex());
            SeccompData i386Read = new SeccompData(3, AUDIT_ARCH_I386, 0, new long[6]);
            Emulator.Result wrongArch = Emulator.run(READ_WRITE_ONLY, i386Read, true);
            assertArrayEquals(new int[] {0, 1, 2}, wrongArch.path());
            assertEquals("KILL_PROCESS", wrongArch.describe());
        }

        @Test
        void decideAgreesWithRun() {
            for (int nr = -2; nr < 400; nr++) {
                SeccompData d = x86_64(nr);
                assertEquals(Emulator.run(READ_WRITE_ONLY, d, true).value(), Emulator.decide(READ_WRITE_ONLY, d, true));
            }
        }

        @Test
        void resultSplitsActionAndData() {
            Emulator.Result r = Emulator.run(BpfProgram.of(stmt(BPF_RET | BPF_K, Bpf.errno(13))), x86_64(0), true);
            assertEquals(SECCOMP_RET_ERRNO, r.action());
            assertEquals(13, r.data());
            assertEquals(1, r.steps());
            assertEquals("ERRNO(13)", r.describe());
        }
    }

    /** Runs {@code body} followed by {@code ret a} and returns A. */
    private static int a(Insn... body) {
        return a(x86_64(0), true, body);
    }

    private static int a(SeccompData d, boolean le, Insn... body) {
        List<Insn> insns = new ArrayList<>(List.of(body));
        insns.add(stmt(BPF_RET | BPF_A, 0));
        return Emulator.decide(BpfProgram.of(insns), d, le);
    }

    @Nested
    class Loads {
        @Test
        void immediateLengthAndRegisterMoves() {
            assertEquals(42, a(stmt(BPF_LD | BPF_IMM, 42)));
            assertEquals(64, a(stmt(BPF_LD | BPF_W | BPF_LEN, 0)), "sizeof(struct seccomp_data)");
            assertEquals(64, a(stmt(BPF_LDX | BPF_W | BPF_LEN, 0), stmt(BPF_MISC | BPF_TXA, 0)));
            assertEquals(7, a(stmt(BPF_LDX | BPF_IMM, 7), stmt(BPF_MISC | BPF_TXA, 0)));
            assertEquals(9, a(stmt(BPF_LD | BPF_IMM, 9), stmt(BPF_MISC | BPF_TAX, 0),
                    stmt(BPF_LD | BPF_IMM, 1), stmt(BPF_MISC | BPF_TXA, 0)));
        }

        @Test
        void registersStartAtZero() {
            assertEquals(0, a());
            assertEquals(0, a(stmt(BPF_MISC | BPF_TXA, 0)));
        }

        @Test
        void scratchMemoryKeepsWhatWasStored() {
            assertEquals(5, a(stmt(BPF_LD | BPF_IMM, 5), stmt(BPF_ST, 3), stmt(BPF_LD | BPF_IMM, 0),
                    stmt(BPF_LD | BPF_MEM, 3)));
            assertEquals(6, a(stmt(BPF_LDX | BPF_IMM, 6), stmt(BPF_STX, 15), stmt(BPF_LDX | BPF_MEM, 15),
                    stmt(BPF_MISC | BPF_TXA, 0)));
        }

        @Test
        void nrAndArchAreWholeWords() {
            SeccompData d = new SeccompData(-1, AUDIT_ARCH_X86_64, 0, new long[6]);
            assertEquals(-1, a(d, true, stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR)));
            assertEquals(-1, a(d, false, stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR)));
            assertEquals(AUDIT_ARCH_X86_64, a(d, false, stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARCH)));
        }

        @Test
        void sixtyFourBitFieldsSplitByByteOrder() {
            long[] args = {0x1122334455667788L, 0, 0, 0, 0, 0xAABBCCDD00000001L};
            SeccompData d = new SeccompData(0, 0, 0x0000_7fff_0000_1234L, args);
            // little-endian: the low word lies first
            assertEquals(0x55667788, a(d, true, stmt(BPF_LD | BPF_W | BPF_ABS, 16)));
            assertEquals(0x11223344, a(d, true, stmt(BPF_LD | BPF_W | BPF_ABS, 20)));
            assertEquals(0x1234, a(d, true, stmt(BPF_LD | BPF_W | BPF_ABS, 8)));
            assertEquals(0xAABBCCDD, a(d, true, stmt(BPF_LD | BPF_W | BPF_ABS, 60)));
            // big-endian: the high word lies first
            assertEquals(0x11223344, a(d, false, stmt(BPF_LD | BPF_W | BPF_ABS, 16)));
            assertEquals(0x55667788, a(d, false, stmt(BPF_LD | BPF_W | BPF_ABS, 20)));
            assertEquals(0x7fff, a(d, false, stmt(BPF_LD | BPF_W | BPF_ABS, 8)));
            assertEquals(1, a(d, false, stmt(BPF_LD | BPF_W | BPF_ABS, 60)));
        }
    }

    @Nested
    class Arithmetic {
        @Test
        void addSubMulWrapAt32Bits() {
            assertEquals(12, a(stmt(BPF_LD | BPF_IMM, 5), stmt(BPF_ALU | BPF_ADD | BPF_K, 7)));
            assertEquals(1, a(stmt(BPF_LD | BPF_IMM, -1), stmt(BPF_ALU | BPF_ADD | BPF_K, 2)));
            assertEquals(-1, a(stmt(BPF_LD | BPF_IMM, 1), stmt(BPF_ALU | BPF_SUB | BPF_K, 2)));
            assertEquals(0, a(stmt(BPF_LD | BPF_IMM, 0x10000), stmt(BPF_ALU | BPF_MUL | BPF_K, 0x10000)));
            assertEquals(30, a(stmt(BPF_LD | BPF_IMM, 5), stmt(BPF_LDX | BPF_IMM, 6), stmt(BPF_ALU | BPF_MUL | BPF_X, 0)));
            assertEquals(11, a(stmt(BPF_LD | BPF_IMM, 5), stmt(BPF_LDX | BPF_IMM, 6), stmt(BPF_ALU | BPF_ADD | BPF_X, 0)));
            assertEquals(-1, a(stmt(BPF_LD | BPF_IMM, 5), stmt(BPF_LDX | BPF_IMM, 6), stmt(BPF_ALU | BPF_SUB | BPF_X, 0)));
        }

        @Test
        void divisionIsUnsigned() {
            assertEquals(0x7fffffff, a(stmt(BPF_LD | BPF_IMM, 0xfffffffe), stmt(BPF_ALU | BPF_DIV | BPF_K, 2)));
            assertEquals(14, a(stmt(BPF_LD | BPF_IMM, 100), stmt(BPF_LDX | BPF_IMM, 7), stmt(BPF_ALU | BPF_DIV | BPF_X, 0)));
            assertEquals(0, a(stmt(BPF_LD | BPF_IMM, 5), stmt(BPF_ALU | BPF_DIV | BPF_K, 0x80000000)));
        }

        @Test
        void divisionByZeroXEndsTheProgramWithZero() {
            BpfProgram p = BpfProgram.of(
                    stmt(BPF_LD | BPF_IMM, 7),
                    stmt(BPF_LDX | BPF_IMM, 0),
                    stmt(BPF_ALU | BPF_DIV | BPF_X, 0),
                    stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
            Emulator.Result r = Emulator.run(p, x86_64(0), true);
            assertEquals(SECCOMP_RET_KILL_THREAD, r.value());
            assertArrayEquals(new int[] {0, 1, 2}, r.path());
        }

        @Test
        void bitwiseOperations() {
            assertEquals(0b1110, a(stmt(BPF_LD | BPF_IMM, 0b1010), stmt(BPF_ALU | BPF_OR | BPF_K, 0b0110)));
            assertEquals(0b0010, a(stmt(BPF_LD | BPF_IMM, 0b1010), stmt(BPF_ALU | BPF_AND | BPF_K, 0b0110)));
            assertEquals(0b1100, a(stmt(BPF_LD | BPF_IMM, 0b1010), stmt(BPF_ALU | BPF_XOR | BPF_K, 0b0110)));
            assertEquals(0b1110, a(stmt(BPF_LD | BPF_IMM, 0b1010), stmt(BPF_LDX | BPF_IMM, 0b0110), stmt(BPF_ALU | BPF_OR | BPF_X, 0)));
            assertEquals(0b0010, a(stmt(BPF_LD | BPF_IMM, 0b1010), stmt(BPF_LDX | BPF_IMM, 0b0110), stmt(BPF_ALU | BPF_AND | BPF_X, 0)));
            assertEquals(0b1100, a(stmt(BPF_LD | BPF_IMM, 0b1010), stmt(BPF_LDX | BPF_IMM, 0b0110), stmt(BPF_ALU | BPF_XOR | BPF_X, 0)));
            assertEquals(-1, a(stmt(BPF_LD | BPF_IMM, 1), stmt(BPF_ALU | BPF_NEG, 0)));
        }

        @Test
        void shiftsAreLogicalAndCountModulo32ForX() {
            assertEquals(0x80000000, a(stmt(BPF_LD | BPF_IMM, 1), stmt(BPF_ALU | BPF_LSH | BPF_K, 31)));
            assertEquals(1, a(stmt(BPF_LD | BPF_IMM, 0x80000000), stmt(BPF_ALU | BPF_RSH | BPF_K, 31)),
                    "a logical shift: no sign extension");
            assertEquals(2, a(stmt(BPF_LD | BPF_IMM, 1), stmt(BPF_LDX | BPF_IMM, 33), stmt(BPF_ALU | BPF_LSH | BPF_X, 0)));
            assertEquals(0x80000000, a(stmt(BPF_LD | BPF_IMM, 0x80000000), stmt(BPF_LDX | BPF_IMM, 32),
                    stmt(BPF_ALU | BPF_RSH | BPF_X, 0)));
        }
    }

    /** Runs {@code load; jump(code, k); ret #0; ret #1} and says whether the jump was taken. */
    private static boolean taken(int a, int code, int k) {
        return taken(a, 0, code, k);
    }

    private static boolean taken(int a, int x, int code, int k) {
        BpfProgram p = BpfProgram.of(
                stmt(BPF_LDX | BPF_IMM, x),
                stmt(BPF_LD | BPF_IMM, a),
                jump(code, k, 1, 0),
                stmt(BPF_RET | BPF_K, 0),
                stmt(BPF_RET | BPF_K, 1));
        return Emulator.decide(p, x86_64(0), true) == 1;
    }

    @Nested
    class Jumps {
        @Test
        void comparisonsAreUnsigned() {
            assertTrue(taken(0x80000000, BPF_JMP | BPF_JGT | BPF_K, 1), "2^31 > 1 unsigned");
            assertTrue(taken(-1, BPF_JMP | BPF_JGT | BPF_K, 0x7fffffff));
            assertFalse(taken(1, BPF_JMP | BPF_JGT | BPF_K, 0x80000000));
            assertTrue(taken(5, BPF_JMP | BPF_JGE | BPF_K, 5));
            assertFalse(taken(5, BPF_JMP | BPF_JGT | BPF_K, 5));
            assertTrue(taken(5, BPF_JMP | BPF_JEQ | BPF_K, 5));
            assertFalse(taken(5, BPF_JMP | BPF_JEQ | BPF_K, 6));
        }

        @Test
        void jsetTestsCommonBits() {
            assertTrue(taken(0b1010, BPF_JMP | BPF_JSET | BPF_K, 0b0010));
            assertFalse(taken(0b1010, BPF_JMP | BPF_JSET | BPF_K, 0b0101));
            assertFalse(taken(0b1010, BPF_JMP | BPF_JSET | BPF_K, 0));
        }

        @Test
        void xOperands() {
            assertTrue(taken(7, 7, BPF_JMP | BPF_JEQ | BPF_X, 0));
            assertTrue(taken(0x80000000, 1, BPF_JMP | BPF_JGT | BPF_X, 0));
            assertTrue(taken(1, 1, BPF_JMP | BPF_JGE | BPF_X, 0));
            assertFalse(taken(1, 2, BPF_JMP | BPF_JGE | BPF_X, 0));
            assertTrue(taken(6, 2, BPF_JMP | BPF_JSET | BPF_X, 0));
            assertFalse(taken(6, 1, BPF_JMP | BPF_JSET | BPF_X, 0));
        }

        @Test
        void offsetsCountFromTheNextInstruction() {
            BpfProgram p = BpfProgram.of(
                    stmt(BPF_JMP | BPF_JA, 2),
                    stmt(BPF_RET | BPF_K, 1),
                    stmt(BPF_RET | BPF_K, 2),
                    jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
                    stmt(BPF_RET | BPF_K, 4),
                    stmt(BPF_RET | BPF_K, 5));
            Emulator.Result r = Emulator.run(p, x86_64(0), true);
            assertEquals(5, r.value());
            assertArrayEquals(new int[] {0, 3, 5}, r.path());
        }

        @Test
        void retAReturnsTheAccumulator() {
            BpfProgram p = BpfProgram.of(stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR),
                    stmt(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO), stmt(BPF_RET | BPF_A, 0));
            assertEquals(Bpf.errno(22), Emulator.decide(p, x86_64(22), true));
        }
    }

    @Nested
    class RejectedPrograms {
        @Test
        void anInstructionSeccompRefusesIsNamed() {
            BpfProgram p = BpfProgram.of(stmt(BPF_LD | BPF_IMM, 7), stmt(BPF_ALU | BPF_MOD | BPF_K, 2),
                    stmt(BPF_RET | BPF_A, 0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Emulator.decide(p, x86_64(0), true));
            assertTrue(e.getMessage().startsWith("instruction 1 (code 0x94)"), e.getMessage());
        }

        @Test
        void runningOffTheEndOrBadOffsetsThrow() {
            assertThrows(IllegalArgumentException.class,
                    () -> Emulator.decide(BpfProgram.of(stmt(BPF_LD | BPF_IMM, 1)), x86_64(0), true));
            assertThrows(IllegalArgumentException.class,
                    () -> Emulator.decide(BpfProgram.of(), x86_64(0), true));
            assertThrows(IllegalArgumentException.class, () -> a(stmt(BPF_LD | BPF_W | BPF_ABS, 2)));
            assertThrows(IllegalArgumentException.class, () -> a(stmt(BPF_LD | BPF_W | BPF_ABS, 64)));
            assertThrows(IllegalArgumentException.class, () -> a(stmt(BPF_ST, 16)));
            assertThrows(IllegalArgumentException.class, () -> a(stmt(BPF_ALU | BPF_LSH | BPF_K, 32)));
            assertThrows(IllegalArgumentException.class, () -> a(stmt(BPF_ALU | BPF_DIV | BPF_K, 0)));
        }
    }
}
