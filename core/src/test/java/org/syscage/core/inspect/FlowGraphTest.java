package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;
import org.syscage.core.inspect.FlowGraph.Block;
import org.syscage.core.inspect.FlowGraph.Branches;
import org.syscage.core.inspect.FlowGraph.Goes;
import org.syscage.core.inspect.FlowGraph.Returns;

public class FlowGraphTest {
    static final int LD_ABS = 0x20;
    static final int JEQ = 0x15;
    static final int JA = 0x05;
    static final int RET = 0x06;
    static final int KILL_PROCESS = 0x80000000;
    static final int ERRNO_1 = 0x00050001;
    static final int ALLOW = 0x7fff0000;

    /** x86_64 only; read is allowed, write gets EPERM, the rest is killed. */
    public static final List<Insn> PROGRAM = List.of(
            Insn.stmt(LD_ABS, 4),                   // 0 A = arch
            Insn.jump(JEQ, 0xc000003e, 1, 0),       // 1 x86_64? on to 3, else 2
            Insn.stmt(RET, KILL_PROCESS),           // 2
            Insn.stmt(LD_ABS, 0),                   // 3 A = nr
            Insn.jump(JEQ, 0, 2, 0),                // 4 read? to 7, else 5
            Insn.jump(JEQ, 1, 0, 2),                // 5 write? to 6, else 8
            Insn.stmt(RET, ERRNO_1),                // 6
            Insn.stmt(RET, ALLOW),                  // 7
            Insn.stmt(RET, KILL_PROCESS));          // 8

    @Test
    void blocksEndWhereControlLeavesAndBranchesFollowThePrintedCondition() {
        FlowGraph g = FlowGraph.of(PROGRAM, DisasmOptions.of(Arch.X86_64));
        assertEquals(List.of(0, 2, 3, 5, 6, 7, 8), g.blocks().stream().map(Block::first).toList());
        assertEquals(new Branches(3, 2, "A == ARCH_X86_64"), g.blocks().get(0).exit());
        assertEquals(new Returns("KILL_PROCESS"), g.blocks().get(1).exit());
        assertEquals(new Branches(7, 5, "A == read"), g.blocks().get(2).exit());
        // jt == 0: the disassembler prints the negated test "if (A != write) goto 0008"
        Block write = g.blocks().get(3);
        assertTrue(write.lines().getFirst().contains("!="), write.lines().getFirst());
        assertTrue(write.lines().getFirst().endsWith("goto 0008"), write.lines().getFirst());
        assertEquals(new Branches(8, 6, "A != write"), write.exit());
        assertEquals(List.of("A = arch", "if (A == ARCH_X86_64) goto 0003"), g.blocks().get(0).lines());
        assertTrue(g.blocks().get(4).isReturnOnly());
    }

    @Property(tries = 200)
    void blocksCoverTheProgramInOrderAndEveryEdgeLandsOnABlock(@ForAll("programs") List<Insn> program) {
        FlowGraph g = FlowGraph.of(program, DisasmOptions.of(Arch.X86_64));
        int next = 0;
        for (Block b : g.blocks()) {
            assertEquals(next, b.first());
            assertEquals(b.last() - b.first() + 1, b.lines().size());
            next = b.last() + 1;
            List<Long> targets = switch (b.exit()) {
                case Returns r -> List.of();
                case Goes go -> List.of(go.target());
                case Branches br -> List.of(br.then(), br.otherwise());
            };
            for (long t : targets) {
                assertTrue(t > b.last() && g.blockAt(t).isPresent(), "edge to " + t + " from " + b);
            }
        }
        assertEquals(program.size(), next);
    }

    /** Programs seccomp would accept in shape: forward jumps inside the program, a return at the end. */
    @Provide
    Arbitrary<List<Insn>> programs() {
        return Arbitraries.integers().between(2, 40).flatMap(n -> {
            List<Arbitrary<Insn>> slots = new ArrayList<>();
            for (int i = 0; i < n - 1; i++) {
                int room = n - i - 2;
                slots.add(instruction(room));
            }
            slots.add(Arbitraries.of(ALLOW, ERRNO_1, KILL_PROCESS).map(k -> Insn.stmt(RET, k)));
            return Combinators.combine(slots).as(List::copyOf);
        });
    }

    private static Arbitrary<Insn> instruction(int room) {
        Arbitrary<Integer> offset = Arbitraries.integers().between(0, Math.min(room, 255));
        return Arbitraries.oneOf(
                Arbitraries.of(0, 4).map(k -> Insn.stmt(LD_ABS, k)),
                Arbitraries.of(ALLOW, ERRNO_1, KILL_PROCESS).map(k -> Insn.stmt(RET, k)),
                offset.map(o -> Insn.stmt(JA, o)),
                Combinators.combine(Arbitraries.integers().between(0, 400), offset, offset)
                        .as((k, jt, jf) -> Insn.jump(JEQ, k, jt, jf)));
    }
}
