package org.syscage.core.inspect;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.bpf.Insn;
import org.syscage.core.inspect.FlowGraph.Block;
import org.syscage.core.inspect.FlowGraph.Branches;
import org.syscage.core.inspect.FlowGraph.Goes;
import org.syscage.core.inspect.FlowGraph.Returns;

/**
 * A filter's control-flow graph in Graphviz dot, to look at with {@code dot -Tsvg}. Each node is
 * a basic block (straight-line instructions, labelled with their disassembly); a conditional
 * jump has a green edge for its condition and a red {@code else} edge; blocks that return are
 * coloured by action (allow green, errno and others orange, kill red).
 */
public final class ControlFlowDot {
    private ControlFlowDot() {}

    public static String render(List<Insn> program, DisasmOptions options) {
        FlowGraph graph = FlowGraph.of(program, options);
        StringBuilder out = new StringBuilder("digraph filter {\n")
                .append("  node [shape=box, fontname=\"monospace\"];\n")
                .append("  edge [fontname=\"monospace\"];\n");
        int n = graph.size();
        for (Block block : graph.blocks()) {
            StringBuilder label = new StringBuilder();
            for (int i = block.first(); i <= block.last(); i++) {
                label.append(String.format("%04d: ", i)).append(block.lines().get(i - block.first())).append("\\l");
            }
            int first = block.first();
            out.append("  ").append(node(first)).append(" [label=\"").append(escape(label.toString())).append('"')
                    .append(style(block.exit())).append("];\n");
            switch (block.exit()) {
                case Returns r -> { }
                case Goes g -> edge(out, first, g.target(), n, null, null);
                case Branches b -> {
                    edge(out, first, b.then(), n, b.condition(), "darkgreen");
                    edge(out, first, b.otherwise(), n, "else", "red");
                }
            }
        }
        return out.append("}\n").toString();
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

    private static String style(FlowGraph.Exit exit) {
        if (!(exit instanceof Returns r) || r.action() == null) {
            return "";
        }
        String color = r.action().equals("ALLOW") ? "palegreen"
                : r.action().startsWith("KILL") ? "lightpink" : "navajowhite";
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
