package org.syscage.core.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.syscage.core.bpf.Insn;
import org.syscage.core.inspect.Instruction.Branch;
import org.syscage.core.inspect.Instruction.Jump;
import org.syscage.core.inspect.Instruction.Return;

/**
 * A filter's control-flow graph in Graphviz dot, to look at with {@code dot -Tsvg}. Each node is
 * a basic block (straight-line instructions, labelled with their disassembly); a conditional
 * jump has a green edge for its condition and a red {@code else} edge; blocks that return are
 * coloured by action (allow green, errno and others orange, kill red).
 */
public final class ControlFlowDot {
    private ControlFlowDot() {}

    public static String render(List<Insn> program, DisasmOptions options) {
        DisasmOptions plain = options.withShowBpf(false).withColor(false);
        List<Instruction> decoded = Disassembler.decode(program);
        List<String> text = Disassembler.statements(program, plain);
        int n = program.size();
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
        StringBuilder out = new StringBuilder("digraph filter {\n")
                .append("  node [shape=box, fontname=\"monospace\"];\n")
                .append("  edge [fontname=\"monospace\"];\n");
        List<Integer> starts = new ArrayList<>(leaders);
        for (int b = 0; b < starts.size(); b++) {
            int first = starts.get(b);
            int end = b + 1 < starts.size() ? starts.get(b + 1) : n;
            StringBuilder label = new StringBuilder();
            for (int i = first; i < end; i++) {
                label.append(String.format("%04d: ", i)).append(text.get(i)).append("\\l");
            }
            int lastLine = end - 1;
            Instruction last = decoded.get(lastLine);
            out.append("  ").append(node(first)).append(" [label=\"").append(escape(label.toString())).append('"')
                    .append(style(last)).append("];\n");
            edges(out, first, lastLine, last, text.get(lastLine), n);
        }
        return out.append("}\n").toString();
    }

    private static void edges(StringBuilder out, int block, int line, Instruction last, String statement, int n) {
        switch (last) {
            case Return r -> { }
            case Jump j -> edge(out, block, line + 1L + Integer.toUnsignedLong(j.offset()), n, null, null);
            case Branch b when b.jt() != b.jf() && statement.startsWith("if (") -> {
                String condition = statement.substring(4, statement.indexOf(") goto"));
                // the displayed condition leads to jf when it is the negated one (jt == 0)
                long shown = line + 1L + (b.jt() == 0 ? b.jf() : b.jt());
                long other = line + 1L + (b.jt() == 0 ? b.jt() : b.jf());
                edge(out, block, shown, n, condition, "darkgreen");
                edge(out, block, other, n, "else", "red");
            }
            default -> Instruction.successors(last, line).forEach(t -> edge(out, block, t, n, null, null));
        }
    }

    private static void edge(StringBuilder out, int from, long to, int n, String label, String color) {
        out.append("  ").append(node(from)).append(" -> ").append(to < n ? node((int) to) : "out_of_range");
        List<String> attrs = new ArrayList<>();
        if (label != null) {
            attrs.add("label=\"" + escape(label) + "\"");
        }
        if (color != null) {
            attrs.add("color=" + color);
            attrs.add("fontcolor=" + color);
        }
        if (!attrs.isEmpty()) {
            out.append(" [").append(String.join(", ", attrs)).append(']');
        }
        out.append(";\n");
    }

    private static String style(Instruction last) {
        if (!(last instanceof Return r) || r.fromA()) {
            return "";
        }
        String label = ReturnActions.label(r.k());
        String color = label.equals("ALLOW") ? "palegreen"
                : label.startsWith("KILL") ? "lightpink" : "navajowhite";
        return ", style=filled, fillcolor=" + color;
    }

    private static String node(int line) {
        return String.format("L%04d", line);
    }

    /** Escapes for a quoted dot string; {@code \l} line ends are kept as they are. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\\\\l", "\\l").replace("\"", "\\\"");
    }
}
