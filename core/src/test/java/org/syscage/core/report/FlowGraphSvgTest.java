package org.syscage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.inspect.DisasmOptions;
import org.syscage.core.inspect.FlowGraph;
import org.syscage.core.inspect.FlowGraphTest;
import org.w3c.dom.Element;

class FlowGraphSvgTest {

    @Test
    void jumpsToLoneReturnsBecomeTagsAndOtherJumpsArcs() {
        FlowGraph graph = FlowGraph.of(FlowGraphTest.PROGRAM, DisasmOptions.of(Arch.X86_64));
        PageXml svg = PageXml.parse(FlowGraphSvg.render(graph));
        assertEquals(7, svg.all("//g[starts-with(@id,'b')]").size());
        // block 3-4 jumps to the return at 7 ("then ALLOW"), block 5 to the return at 8
        assertEquals(List.of("then ALLOW", "then KILL_PROCESS"),
                svg.all("//g[@class='tag']/text").stream().map(Element::getTextContent).toList());
        // 0001 -> 0003 skips block 2, and 0003 is no lone return: the one arc
        assertEquals(1, svg.all("//path[@class='arc']").size());
        // blocks that return are filled by action
        assertEquals(FlowGraphSvg.actionColour("ERRNO(1)"), svg.all("//g[@id='b0006']/rect").getFirst().getAttribute("fill"));
    }

    @Test
    void dockersDefaultStaysNarrowBecauseItsSharedReturnsAreTags() {
        ResolveOptions container = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 8));
        var program = Compiler.compile(DockerResolver.resolve(BuiltinProfiles.dockerDefault(), container),
                CompileOptions.runc(Arch.X86_64)).program().instructions();
        FlowGraph graph = FlowGraph.of(program, DisasmOptions.of(Arch.X86_64));
        PageXml svg = PageXml.parse(FlowGraphSvg.render(graph));
        assertEquals(graph.blocks().size(), svg.all("//g[starts-with(@id,'b')]").size());
        double width = Double.parseDouble(svg.all("/svg").getFirst().getAttribute("width"));
        assertTrue(width < 1100, "width " + width);
        assertTrue(svg.all("//g[@class='tag']").size() > svg.all("//path[@class='arc']").size());
    }
}
