package org.syscage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.lint.Finding;
import org.syscage.core.lint.LintContext;
import org.syscage.core.lint.Linter;
import org.syscage.core.report.ProfileReport.SyscallGroup;
import org.syscage.core.report.ProfileReport.SyscallRow;
import org.w3c.dom.Element;

class ReportHtmlTest {
    static final ResolveOptions CONTAINER = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 8));

    static LocatedProfile builtin;
    static ProfileReport dockerReport;
    static String dockerPage;

    @BeforeAll
    static void renderDockersDefault() {
        builtin = ProfileReader.parseLocated("builtin", BuiltinProfiles.dockerDefaultJson());
        dockerReport = ReportBuilder.build(builtin, CONTAINER, Optional.empty());
        dockerPage = ReportHtml.render(dockerReport);
    }

    static ProfileReport report(String json, Optional<RecordingSidecar> recording) {
        return ReportBuilder.build(ProfileReader.parseLocated("app.json", json), CONTAINER, recording);
    }

    @Test
    void everySyscallOfTheProfileIsInExactlyOneGroupOfItsKind() {
        TreeSet<String> named = DockerResolver.resolve(builtin.profile(), CONTAINER).syscalls().stream()
                .flatMap(r -> r.names().stream()).collect(Collectors.toCollection(TreeSet::new));
        PageXml page = PageXml.parse(dockerPage);
        List<String> rows = page.all("//section[@id='syscalls']//tr[@data-name]").stream()
                .map(e -> e.getAttribute("data-name")).toList();
        assertEquals(List.copyOf(named), rows.stream().sorted().toList(), "each name once");
        for (SyscallKind kind : SyscallKind.values()) {
            for (Element row : page.all("//details[@id='kind-" + kind.id() + "']//tr[@data-name]")) {
                assertEquals(kind, SyscallKind.of(row.getAttribute("data-name")), row.getAttribute("data-name"));
            }
        }
        assertEquals(List.of(SyscallKind.FILE, SyscallKind.NETWORK, SyscallKind.PROCESS, SyscallKind.MEMORY,
                SyscallKind.IPC, SyscallKind.TIME, SyscallKind.PRIVILEGED),
                dockerReport.groups().stream().map(SyscallGroup::kind).toList());
    }

    @Test
    void decisionsAreTheRuntimesReadingOfTheRules() {
        SyscallRow socket = row(dockerReport, "socket");
        assertEquals("ALLOW when arg0 < 38 or arg0 == 39 or arg0 > 40; otherwise ERRNO(1)", socket.decision());
        assertEquals(ProfileReport.Standing.CONDITIONAL, socket.standing());
        assertEquals(ProfileReport.Standing.ALLOWED, row(dockerReport, "openat").standing());
        // with default capabilities Docker's default does not allow mount, but names it (a rule equal to the
        // default would be dropped, so it is not in the resolved profile at all)
        assertTrue(dockerReport.groups().stream().flatMap(g -> g.rows().stream()).noneMatch(r -> r.name().equals("mount")));
    }

    @Test
    void lintFindingsAppearWithTheirRuleIds() {
        List<Finding> findings = Linter.lint(builtin.profile(), new LintContext(builtin.locations(), CONTAINER));
        assertFalse(findings.isEmpty());
        PageXml page = PageXml.parse(dockerPage);
        assertEquals(findings.stream().map(Finding::id).toList(),
                page.all("//section[@id='lint']//tr[@class='finding']").stream().map(e -> e.getAttribute("data-rule")).toList());
        String table = page.text("//section[@id='lint']//tbody");
        for (Finding f : findings) {
            assertTrue(table.contains(f.message()), f.message());
            assertTrue(table.contains(f.location().orElseThrow().toString()), f.location().toString());
        }
    }

    @Test
    void dockersDefaultAgainstItselfHasNoDifference() {
        assertTrue(dockerReport.docker().diff().isEmpty());
        assertTrue(PageXml.parse(dockerPage).text("//section[@id='docker']").contains("decides exactly as Docker's default"));
    }

    @Test
    void theDifferenceFromDockerSaysWhatEachSideLetsThroughMore() {
        ProfileReport r = report("""
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["mount", "openat"], "action": "SCMP_ACT_ALLOW"}]}
                """, Optional.empty());
        Set<String> more = r.docker().allowsMore().stream().map(c -> c.name()).collect(Collectors.toSet());
        Set<String> less = r.docker().allowsLess().stream().map(c -> c.name()).collect(Collectors.toSet());
        assertEquals(Set.of("mount"), more);
        assertTrue(less.contains("read") && less.contains("socket") && !less.contains("openat"), less.toString());
        PageXml page = PageXml.parse(ReportHtml.render(r));
        Element moreTable = page.all("//h3[@id='docker-more']/following-sibling::table[1]").getFirst();
        assertEquals("mount", page.all("//h3[@id='docker-more']/following-sibling::table[1]//tbody/tr/td[1]").getFirst()
                .getTextContent());
        assertTrue(moreTable.getTextContent().contains("ERRNO(1)ALLOW"), moreTable.getTextContent());
        assertTrue(page.text("//h3[@id='docker-less']").startsWith("Denied here, allowed by Docker's default ("
                + less.size() + ")"));
    }

    @Test
    void recordingCountsAppearPerArchWithTheFirstCaller() {
        RecordingSidecar sidecar = RecordingSidecar.parse("app.json.report.json", RecordingSidecarTest.SIDECAR);
        ProfileReport r = report("""
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                 "syscalls": [{"names": ["read", "capget"], "action": "SCMP_ACT_ALLOW"}]}
                """, Optional.of(sidecar));
        PageXml page = PageXml.parse(ReportHtml.render(r));
        String read = page.text("//tr[@data-name='read']");
        assertTrue(read.contains("12 calls on x86_64, first by pid 4242 /usr/bin/ls (recorded)"), read);
        assertTrue(read.contains("3 calls on x86, first by pid 4243 /usr/bin/old32 (recorded)"), read);
        assertTrue(page.text("//tr[@data-name='capget']").contains("not called (base set runc)"));
        assertEquals(15, r.recording().orElseThrow().calls());
        assertTrue(page.text("//section[@id='recording']").contains("15 calls of 1 syscall\n"));
    }

    @Test
    void aRecordedSyscallTheProfileDeniesStandsOut() {
        RecordingSidecar sidecar = RecordingSidecar.parse("r.json", RecordingSidecarTest.SIDECAR);
        ProfileReport r = report("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["write"], "action": "SCMP_ACT_ALLOW"}]}
                """, Optional.of(sidecar));
        assertEquals(List.of("read"), r.recording().orElseThrow().deniedRecorded());
        assertEquals(List.of("read"), r.recording().orElseThrow().notInProfile());
        PageXml page = PageXml.parse(ReportHtml.render(r));
        assertEquals("denied alert", page.all("//tr[@data-name='read']").getFirst().getAttribute("class"));
        assertEquals("allowed", page.all("//tr[@data-name='write']").getFirst().getAttribute("class"));
    }

    @Test
    void hostileNamesCommentsAndFileNamesStayText() {
        String hostile = "</code><script>alert(1)</script>";
        String json = """
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "syscalls": [{"names": ["read", "%s"], "action": "SCMP_ACT_ALLOW",
                               "comment": "<script>document.title='pwned'</script> & <img src=x onerror=alert(2)>"}]}
                """.formatted(hostile.replace("/", "\\/"));
        ProfileReport r = ReportBuilder.build(ProfileReader.parseLocated("<b>evil</b>.json", json), CONTAINER,
                Optional.empty());
        String html = ReportHtml.render(r);
        PageXml page = PageXml.parse(html);
        assertEquals(1, page.all("//script").size(), "only the page's own script");
        assertEquals(0, page.all("//img").size());
        assertEquals(0, page.all("//b[text()='evil']").size());
        assertTrue(page.text("//title").contains("<b>evil</b>.json"));
        assertEquals(hostile, page.all("//details[@id='kind-unknown']//tr[@data-name]/td[1]").getFirst().getTextContent());
        assertTrue(page.text("//tr[@data-name='read']").contains("<script>document.title='pwned'</script> & <img"));
        assertFalse(html.contains("<script>alert"));
    }

    @Test
    void controlCharactersCannotBreakTheDocument() {
        ProfileReport r = report("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["bad\\u0001name"], "action": "SCMP_ACT_ALLOW"}]}
                """, Optional.empty());
        PageXml page = PageXml.parse(ReportHtml.render(r));
        assertEquals("bad\uFFFDname", page.all("//details[@id='kind-unknown']//td[1]").getFirst().getTextContent());
    }

    @Test
    void thePageLoadsNothingAndItsPolicyAllowsOnlyItsOwnStyleAndScript() {
        PageXml page = PageXml.parse(dockerPage);
        assertEquals(0, page.all("//*[@src]").size());
        assertEquals(0, page.all("//link").size());
        for (Element a : page.all("//*[@href]")) {
            String href = a.getAttribute("href");
            assertTrue(href.startsWith("#") || href.startsWith("data:"), href);
        }
        String policy = page.all("//meta[@http-equiv='Content-Security-Policy']").getFirst().getAttribute("content");
        assertTrue(policy.startsWith("default-src 'none';"), policy);
        assertTrue(policy.contains("style-src '" + ReportHtml.hash(page.text("//style")) + "'"), policy);
        assertTrue(policy.contains("script-src '" + ReportHtml.hash(page.text("//script")) + "'"), policy);
    }

    @Test
    void theFilterIsRunc_sProgramDrawnBlockByBlockWithItsDotForDownload() {
        var filter = assertInstanceOf(ProfileReport.CompiledFilter.class, dockerReport.filter());
        PageXml page = PageXml.parse(dockerPage);
        assertEquals(filter.graph().blocks().size(),
                page.all("//section[@id='filter']//*[local-name()='g'][starts-with(@id,'b')]").size());
        String href = page.all("//a[@download='filter.dot']").getFirst().getAttribute("href");
        String dot = new String(java.util.Base64.getDecoder().decode(href.substring(href.indexOf(',') + 1)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(dot.startsWith("digraph filter {"), dot);
        assertEquals(filter.dot(), dot);
    }

    @Test
    void aProfileThatDoesNotCompileSaysWhyInsteadOfAGraph() {
        ProfileReport r = report("""
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"],
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}
                """, Optional.empty());
        var none = assertInstanceOf(ProfileReport.NoFilter.class, r.filter());
        assertTrue(none.reason().contains("endian"), none.reason());
        PageXml page = PageXml.parse(ReportHtml.render(r));
        assertTrue(page.text("//section[@id='filter']").contains("does not compile"));
        assertEquals(0, page.all("//section[@id='filter']//*[local-name()='svg']").size());
    }

    private static SyscallRow row(ProfileReport r, String name) {
        return r.groups().stream().flatMap(g -> g.rows().stream()).filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name));
    }
}
