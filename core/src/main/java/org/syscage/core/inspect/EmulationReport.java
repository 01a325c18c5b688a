package org.syscage.core.inspect;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.syscage.core.bpf.Insn;

/**
 * What {@code emu} prints, as seccomp-tools' {@code emu} prints it: the disassembly with the
 * lines that did not run dimmed (on a terminal), cut short a few lines after the return with
 * {@code ... (omitting N lines)}, a blank line, then always the verdict:
 * <pre>
 * return ALLOW at line 0009
 * </pre>
 * Without colour seccomp-tools shows no marks at all; syscage then marks each line that ran with
 * {@code >} in the first column (where every listing line has a space), so the path stays
 * visible in pipes and logs while the columns stay where seccomp-tools puts them.
 */
public final class EmulationReport {
    private EmulationReport() {}

    /** Lines after the return that are still shown before the rest is omitted. */
    private static final int CONTEXT_AFTER_RETURN = 4;

    /**
     * The full report.
     *
     * @param path     the indices of the instructions that ran, in order; the last one returned
     * @param returned the filter's return value
     * @param quiet    only the verdict line ({@code -q})
     */
    public static String render(List<Insn> program, DisasmOptions options, int[] path, int returned, boolean quiet) {
        if (path.length == 0) {
            throw new IllegalArgumentException("a run executes at least one instruction");
        }
        int last = path[path.length - 1];
        StringBuilder out = new StringBuilder();
        if (!quiet) {
            Set<Integer> ran = new HashSet<>();
            for (int pc : path) {
                ran.add(pc);
            }
            List<String> lines = Disassembler.lines(program, options);
            if (options.showBpf()) {
                out.append(Disassembler.HEADER);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                out.append(ran.contains(i) ? markRan(line, options.color()) : Disassembler.Colour.GRAY.paint(line, options.color()))
                        .append('\n');
                int remaining = lines.size() - i - 1;
                if (remaining > 3 && i > last + CONTEXT_AFTER_RETURN) {
                    out.append(Disassembler.Colour.GRAY.paint("... (omitting " + remaining + " lines)", options.color()))
                            .append('\n');
                    break;
                }
            }
            out.append('\n');
        }
        return out.append(verdict(returned, last)).toString();
    }

    /** Colour already sets executed lines apart; plain text gets a {@code >} in the first column. */
    private static String markRan(String line, boolean color) {
        return !color && line.startsWith(" ") ? ">" + line.substring(1) : line;
    }

    /** {@code return ERRNO(1) at line 0004}, with a newline. */
    public static String verdict(int returned, int line) {
        return String.format("return %s at line %04d%n", ReturnActions.label(returned), line);
    }
}
