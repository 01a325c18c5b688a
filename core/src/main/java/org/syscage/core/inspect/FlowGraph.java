package org.syscage.core.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.syscage.core.bpf.Insn;
import org.syscage.core.inspect.Instruction.Branch;
import org.syscage.core.inspect.Instruction.Jump;
import org.syscage.core.inspect.Instruction.Return;

/**
 * A filter's control-flow graph: its basic blocks in program order, each with its disassembly
 * and how it ends. Classic BPF only jumps forward, so program order is already a topological
 * order. {@link ControlFlowDot} writes it for Graphviz; the report draws it as SVG.
 *
 * @param size   the program's length in instructions
 * @param blocks the basic blocks, in program order
 */
public record FlowGraph(int size, List<Block> blocks) {
    public FlowGraph {
        blocks = List.copyOf(blocks);
    }

    /**
     * Straight-line instructions {@code first..last}; only the last may jump or return.
     *
     * @param lines the disassembly of each instruction, without its line number
     */
    public record Block(int first, int last, List<String> lines, Exit exit) {
        public Block {
            lines = List.copyOf(lines);
        }

        /** Whether the block is a lone {@code return K}: an end the page draws at each jump to it. */
        public boolean isReturnOnly() {
            return first == last && exit instanceof Returns r && r.action() != null;
        }
    }

    /** How a block ends. */
    public sealed interface Exit {}

    /** {@code return K} ({@code action} is K's label, e.g. {@code ERRNO(1)}) or {@code return A} (action null). */
    public record Returns(String action) implements Exit {}

    /** On to {@code target}: the next instruction, or an unconditional jump. */
    public record Goes(long target) implements Exit {}

    /**
     * A conditional jump, oriented as the disassembly prints it: {@code then} is where the
     * printed {@code condition} leads ({@code if (A < 0x15) goto then}: {@code A < 0x15}),
     * {@code otherwise} the other way.
     */
    public record Branches(long then, long otherwise, String condition) implements Exit {}

    /** The graph of a program; the disassembly names syscalls and arches as {@code options} say. */
    public static FlowGraph of(List<Insn> program, DisasmOptions options) {
        int n = program.size();
        List<Instruction> decoded = Disassembler.decode(program);
        List<String> text = Disassembler.statements(program, options.withShowBpf(false).withColor(false));
        TreeSet<Integer> leaders = new TreeSet<>();
        if (n > 0) {
            leaders.add(0);
        }
        for (int i = 0; i < n; i++) {
            Instruction in = decoded.get(i);
            if (in instanceof Branch || in instanceof Jump || in instanceof Return) {
                if (i + 1 < n) {
                    leaders.add(i + 1);
                }
                for (long t : Instruction.successors(in, i)) {
                    if (t < n) {
                        leaders.add((int) t);
                    }
                }
            }
        }
        List<Integer> starts = new ArrayList<>(leaders);
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < starts.size(); b++) {
            int first = starts.get(b);
            int last = (b + 1 < starts.size() ? starts.get(b + 1) : n) - 1;
            blocks.add(new Block(first, last, text.subList(first, last + 1), exit(decoded.get(last), text.get(last), last)));
        }
        return new FlowGraph(n, blocks);
    }

    private static Exit exit(Instruction last, String statement, int line) {
        long next = line + 1L;
        return switch (last) {
            case Return r -> new Returns(r.fromA() ? null : ReturnActions.label(r.k()));
            case Jump j -> new Goes(next + Integer.toUnsignedLong(j.offset()));
            case Branch b when b.jt() == b.jf() -> new Goes(next + b.jt());
            // With jt != jf the disassembler prints "if (COND) goto ...", and prints the negated
            // condition when jt is 0 ("if (A < K) goto jf").
            case Branch b -> {
                String condition = statement.substring("if (".length(), statement.indexOf(") goto"));
                yield b.jt() == 0
                        ? new Branches(next + b.jf(), next + b.jt(), condition)
                        : new Branches(next + b.jt(), next + b.jf(), condition);
            }
            default -> new Goes(next);
        };
    }

    /** The block starting at instruction {@code line}, if one does. */
    public java.util.Optional<Block> blockAt(long line) {
        return blocks.stream().filter(b -> b.first() == line).findFirst();
    }
}
