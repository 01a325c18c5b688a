package org.syscage.core.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.syscage.core.inspect.FlowGraph;
import org.syscage.core.inspect.FlowGraph.Block;
import org.syscage.core.inspect.FlowGraph.Branches;
import org.syscage.core.inspect.FlowGraph.Goes;
import org.syscage.core.inspect.FlowGraph.Returns;

/**
 * Draws a {@link FlowGraph} as inline SVG, without a layout engine: blocks top to bottom in
 * program order (classic BPF only jumps forward, so every edge points down), a jump to the very
 * next block as a short arrow, longer jumps as arcs in lanes to the right of the blocks, and a
 * jump to a lone {@code return K} as a coloured tag on the left of the block instead of an arc.
 * Compilers share a handful of return blocks among hundreds of jumps; drawing those as arcs
 * would make a wall of lines, while the tags read as "this test ends in ALLOW".
 *
 * <p>Green is the way the printed condition leads ("then"), red the other ("else"); blocks that
 * return are filled by action: allow green, kill red, errno and the others orange.
 */
public final class FlowGraphSvg {
    static final double CHAR_WIDTH = 7.2;
    static final int FONT_SIZE = 12;
    static final int LINE_HEIGHT = 15;
    static final int PAD = 4;
    static final int GAP = 10;
    static final int TAG_COLUMN = 150;
    static final int TAG_HEIGHT = 15;
    static final int LANE_WIDTH = 8;
    static final int MAX_CHARS = 72;

    private FlowGraphSvg() {}

    /** Where an edge goes and how it is drawn. */
    private enum Role {
        THEN("then", "#1a7f37"), ELSE("else", "#cf222e"), ALWAYS("", "#57606a");

        final String word;
        final String colour;

        Role(String word, String colour) {
            this.word = word;
            this.colour = colour;
        }

        String marker() {
            return "arrow-" + name().toLowerCase(Locale.ROOT);
        }
    }

    private record Edge(int from, long to, Role role) {}

    private record Arc(double fromY, double toY, Role role, int lane) {}

    /** The SVG element for {@code graph}; every text from the program is escaped. */
    public static String render(FlowGraph graph) {
        List<Block> blocks = graph.blocks();
        Map<Integer, Integer> indexByFirst = new HashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            indexByFirst.put(blocks.get(i).first(), i);
        }
        int chars = blocks.stream().flatMap(b -> b.lines().stream()).mapToInt(l -> Math.min(l.length(), MAX_CHARS))
                .max().orElse(10) + 6;
        double boxWidth = chars * CHAR_WIDTH + 2 * PAD;
        double left = TAG_COLUMN;
        double right = left + boxWidth;

        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            switch (blocks.get(i).exit()) {
                case Returns r -> { }
                case Goes g -> edges.add(new Edge(i, g.target(), Role.ALWAYS));
                case Branches b -> {
                    edges.add(new Edge(i, b.then(), Role.THEN));
                    edges.add(new Edge(i, b.otherwise(), Role.ELSE));
                }
            }
        }

        // Vertical layout: each block tall enough for its lines and for its tags.
        Map<Integer, List<Edge>> tags = new HashMap<>();
        List<Edge> arcsToPlace = new ArrayList<>();
        List<Edge> adjacent = new ArrayList<>();
        for (Edge e : edges) {
            Integer target = indexByFirst.get((int) Math.min(e.to(), Integer.MAX_VALUE));
            if (target != null && target == e.from() + 1) {
                adjacent.add(e);
            } else if (target == null || blocks.get(target).isReturnOnly()) {
                tags.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            } else {
                arcsToPlace.add(e);
            }
        }
        double[] top = new double[blocks.size()];
        double[] height = new double[blocks.size()];
        double y = GAP;
        for (int i = 0; i < blocks.size(); i++) {
            int tagCount = tags.getOrDefault(i, List.of()).size();
            height[i] = Math.max(blocks.get(i).lines().size() * LINE_HEIGHT + 2 * PAD, tagCount * (TAG_HEIGHT + 2) + 2);
            top[i] = y;
            y += height[i] + GAP + (adjacent.stream().anyMatch(edgeFrom(i)) ? 8 : 0);
        }
        double totalHeight = y;

        List<Arc> arcs = placeArcs(arcsToPlace, indexByFirst, top, height);
        int lanes = arcs.stream().mapToInt(Arc::lane).max().orElse(-1) + 1;
        double width = right + 16 + lanes * LANE_WIDTH + 8;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cfg\" width=\"%.0f\" height=\"%.0f\" "
                        + "viewBox=\"0 0 %.0f %.0f\" font-family=\"monospace\" font-size=\"%d\" role=\"img\" "
                        + "aria-label=\"control-flow graph of the filter, %d instructions in %d blocks\">\n",
                width, totalHeight, width, totalHeight, FONT_SIZE, graph.size(), blocks.size()));
        svg.append("<defs>\n");
        for (Role r : Role.values()) {
            svg.append("<marker id=\"").append(r.marker()).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" ")
                    .append("markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
                    .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(r.colour).append("\"/></marker>\n");
        }
        svg.append("</defs>\n");

        for (int i = 0; i < blocks.size(); i++) {
            block(svg, blocks.get(i), left, top[i], boxWidth, height[i]);
            int t = 0;
            for (Edge e : tags.getOrDefault(i, List.of())) {
                tag(svg, e, graph, left, top[i] + 1 + t * (TAG_HEIGHT + 2));
                t++;
            }
        }
        for (Edge e : adjacent) {
            double x = left + boxWidth / 2 + (e.role() == Role.THEN ? -24 : e.role() == Role.ELSE ? 24 : 0);
            double y1 = top[e.from()] + height[e.from()];
            double y2 = top[e.from() + 1];
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" marker-end=\"url(#%s)\"/>\n",
                    x, y1, x, y2 - 1, e.role().colour, e.role().marker()));
            if (!e.role().word.isEmpty()) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"10\">%s</text>\n",
                        x + 3, (y1 + y2) / 2 + 4, e.role().colour, e.role().word));
            }
        }
        for (Arc a : arcs) {
            double x = right + 12 + a.lane() * LANE_WIDTH;
            svg.append(String.format(Locale.ROOT,
                    "<path class=\"arc\" d=\"M%.1f,%.1f H%.1f V%.1f H%.1f\" fill=\"none\" stroke=\"%s\" marker-end=\"url(#%s)\"/>\n",
                    right, a.fromY(), x, a.toY(), right + 1, a.role().colour, a.role().marker()));
        }
        return svg.append("</svg>\n").toString();
    }

    private static java.util.function.Predicate<Edge> edgeFrom(int block) {
        return e -> e.from() == block;
    }

    /**
     * Lanes by interval colouring: shorter arcs first, each in the innermost lane where it
     * overlaps no arc already there, so nested jumps (a search tree) nest visually.
     */
    private static List<Arc> placeArcs(List<Edge> edges, Map<Integer, Integer> indexByFirst, double[] top,
                                       double[] height) {
        record Span(Edge edge, double fromY, double toY) {}
        List<Span> spans = new ArrayList<>();
        for (Edge e : edges) {
            int target = indexByFirst.get((int) e.to());
            double fromY = top[e.from()] + height[e.from()] - PAD - (e.role() == Role.THEN ? 6 : 1);
            double toY = top[target] + 5 + (e.role() == Role.ELSE ? 4 : 0);
            spans.add(new Span(e, fromY, toY));
        }
        spans.sort((a, b) -> Double.compare(a.toY() - a.fromY(), b.toY() - b.fromY()));
        List<List<Span>> lanes = new ArrayList<>();
        List<Arc> arcs = new ArrayList<>();
        for (Span s : spans) {
            int lane = 0;
            while (lane < lanes.size() && lanes.get(lane).stream()
                    .anyMatch(o -> o.fromY() - 2 < s.toY() && s.fromY() < o.toY() + 2)) {
                lane++;
            }
            if (lane == lanes.size()) {
                lanes.add(new ArrayList<>());
            }
            lanes.get(lane).add(s);
            arcs.add(new Arc(s.fromY(), s.toY(), s.edge().role(), lane));
        }
        return arcs;
    }

    private static void block(StringBuilder svg, Block b, double x, double y, double w, double h) {
        String fill = switch (b.exit()) {
            case Returns r when r.action() == null -> "#ffffff";
            case Returns r -> actionColour(r.action());
            default -> "#f6f8fa";
        };
        svg.append(String.format(Locale.ROOT, "<g id=\"b%04d\"><title>", b.first()))
                .append(Markup.text(String.join("\n", numbered(b))))
                .append("</title>\n");
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\" fill=\"%s\" stroke=\"#8c959f\"/>\n",
                x, y, w, h, fill));
        List<String> lines = numbered(b);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.length() > MAX_CHARS + 6) {
                line = line.substring(0, MAX_CHARS + 5) + "\u2026";
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" xml:space=\"preserve\">", x + PAD,
                    y + PAD + (i + 1) * LINE_HEIGHT - 4)).append(Markup.text(line)).append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private static List<String> numbered(Block b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.lines().size(); i++) {
            out.add(String.format(Locale.ROOT, "%04d: %s", b.first() + i, b.lines().get(i)));
        }
        return out;
    }

    /** A jump to a lone return, drawn as a tag left of the block: {@code then ALLOW}. */
    private static void tag(StringBuilder svg, Edge e, FlowGraph graph, double blockLeft, double y) {
        Optional<Block> target = graph.blockAt(e.to());
        String action = target.map(t -> ((Returns) t.exit()).action()).orElse("out of range " + e.to());
        String text = (e.role().word.isEmpty() ? "" : e.role().word + " ") + action;
        double w = Math.min(TAG_COLUMN - 18, text.length() * 6.6 + 8);
        double x = blockLeft - 10 - w;
        svg.append(String.format(Locale.ROOT,
                "<g class=\"tag\"><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"7\" "
                        + "fill=\"%s\" stroke=\"%s\"/>",
                Markup.text("goto " + String.format(Locale.ROOT, "%04d", e.to()) + ": return " + action),
                x, y, w, TAG_HEIGHT, target.isPresent() ? actionColour(action) : "#ffffff", e.role().colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>", x + 4,
                y + TAG_HEIGHT - 4, Markup.text(text)));
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" marker-end=\"url(#%s)\"/></g>\n",
                blockLeft, y + TAG_HEIGHT / 2.0, x + w + 1, y + TAG_HEIGHT / 2.0, e.role().colour, e.role().marker()));
    }

    /** The fill of a block or tag that returns {@code action} (a return-value label). */
    static String actionColour(String action) {
        if (action.equals("ALLOW")) {
            return "#c9f2cf";
        }
        return action.startsWith("KILL") ? "#ffcdd2" : "#ffe2b3";
    }
}
