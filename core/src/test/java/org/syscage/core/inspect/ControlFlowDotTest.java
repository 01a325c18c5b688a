package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

class ControlFlowDotTest {

    @Test
    void basicBlocksAndLabelledEdges() {
        String dot = ControlFlowDot.render(ReferenceOutputs.program("libseccomp.amd64"), DisasmOptions.of(Arch.X86_64));
        List<String> lines = dot.lines().toList();
        assertEquals("digraph filter {", lines.getFirst());
        assertEquals("}", lines.getLast());
        assertTrue(lines.contains("  L0000 [label=\"0000: A = arch\\l0001: if (A != ARCH_X86_64) goto 0010\\l\"];"), dot);
        assertTrue(lines.contains("  L0000 -> L0010 [label=\"A != ARCH_X86_64\", color=darkgreen, fontcolor=darkgreen];"), dot);
        assertTrue(lines.contains("  L0000 -> L0002 [label=\"else\", color=red, fontcolor=red];"), dot);
        assertTrue(lines.contains("  L0004 -> L0009 [label=\"A == write\", color=darkgreen, fontcolor=darkgreen];"), dot);
        assertTrue(lines.contains("  L0009 [label=\"0009: return ALLOW\\l\", style=filled, fillcolor=palegreen];"), dot);
        assertTrue(lines.contains("  L0010 [label=\"0010: return KILL\\l\", style=filled, fillcolor=lightpink];"), dot);
        assertEquals(9, lines.stream().filter(l -> l.matches("  L\\d{4} \\[.*")).count(), "one node per basic block: 0-1, 2-3, 4, 5, 6, 7, 8, 9, 10");
    }

    @Test
    void unconditionalJumpsAndFallThrough() {
        String dot = ControlFlowDot.render(ReferenceOutputs.program("CONFidence-2017-amigo.i386"), DisasmOptions.of(Arch.X86));
        assertTrue(dot.contains("  L0002 -> L0013;\n"), dot);
        assertTrue(dot.contains("  L0012 -> L0013;\n"), "a block that runs into a jump target falls through: " + dot);
    }
}
