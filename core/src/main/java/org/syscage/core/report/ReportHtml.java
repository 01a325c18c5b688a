package org.syscage.core.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.syscage.core.arch.Arch;
import org.syscage.core.format.SourceLocation;
import org.syscage.core.lint.Finding;
import org.syscage.core.lint.LintReport;
import org.syscage.core.lint.Severity;
import org.syscage.core.merge.ProfileDiff;
import org.syscage.core.merge.ProfileDiff.SyscallChange;
import org.syscage.core.report.ProfileReport.CompiledFilter;
import org.syscage.core.report.ProfileReport.DockerComparison;
import org.syscage.core.report.ProfileReport.NoFilter;
import org.syscage.core.report.ProfileReport.Overview;
import org.syscage.core.report.ProfileReport.RecordingSummary;
import org.syscage.core.report.ProfileReport.SyscallGroup;
import org.syscage.core.report.ProfileReport.SyscallRow;

/**
 * A {@link ProfileReport} as one self-contained HTML page: inline CSS, inline SVG, a few lines of
 * inline script for the name filter, nothing fetched from anywhere. The markup is also
 * well-formed XML. A Content-Security-Policy allows only the page's own style and script (by
 * hash), so even text that escaped escaping could not run or load anything.
 */
public final class ReportHtml {
    private ReportHtml() {}

    static final String CSS = """
            body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #ffffff; }
            header { background: #24292f; color: #ffffff; padding: 14px 24px; }
            header h1 { margin: 0 0 4px; font-size: 20px; }
            header p { margin: 0; color: #d0d7de; }
            nav a { color: #ffffff; margin-right: 14px; }
            main { padding: 8px 24px 40px; }
            section { margin-top: 22px; }
            h2 { font-size: 18px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
            h3 { display: inline; font-size: 15px; }
            code, .mono { font-family: ui-monospace, monospace; font-size: 13px; }
            table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
            table.syscalls { table-layout: fixed; }
            table.syscalls th.name { width: 14em; }
            table.syscalls th.decision { width: 22em; }
            th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
            dl.facts dt { font-weight: 600; }
            dl.facts dd { margin: 0; }
            .kinds a { display: inline-block; margin: 2px 6px 2px 0; padding: 2px 10px; border-radius: 12px;
                background: #eaeef2; color: #1f2328; text-decoration: none; }
            tr.allowed td.decision { background: #c9f2cf; }
            tr.denied td.decision { background: #ffcdd2; }
            tr.conditional td.decision { background: #fff3b0; }
            tr.alert td.name { background: #ffcdd2; font-weight: 700; }
            .muted { color: #57606a; }
            .sev-error { color: #cf222e; font-weight: 700; }
            .sev-warning { color: #9a6700; font-weight: 700; }
            .sev-info { color: #0969da; }
            .more { color: #cf222e; }
            .less { color: #1a7f37; }
            .scroll { overflow: auto; max-height: 85vh; border: 1px solid #d0d7de; }
            details { margin: 6px 0; }
            summary { cursor: pointer; }
            input[type=search] { font-size: 14px; padding: 4px 8px; width: 20em; }
            """;

    /**
     * Hides the syscall rows whose name does not contain the text typed, and opens the groups so
     * that matches show (no '<' or '&' here: the page is XML too).
     */
    static final String SCRIPT = """
            (function () {
              var box = document.getElementById('syscall-filter');
              box.addEventListener('input', function () {
                var q = box.value.trim().toLowerCase();
                var rows = document.querySelectorAll('tr[data-name]');
                rows.forEach(function (row) {
                  row.hidden = q !== '' ? row.getAttribute('data-name').indexOf(q) === -1 : false;
                });
                if (q !== '') {
                  document.querySelectorAll('#syscalls details').forEach(function (d) { d.open = true; });
                }
              });
            })();
            """;

    /** Groups up to this long start open; longer ones start closed so that the page stays short. */
    static final int OPEN_GROUP_ROWS = 25;

    /** The page. */
    public static String render(ProfileReport report) {
        Overview o = report.overview();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
                .append(hash(CSS)).append("'; script-src '").append(hash(SCRIPT))
                .append("'; img-src data:; base-uri 'none'; form-action 'none'\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(t("syscage report: " + o.source())).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, report);
        h.append("<main>\n");
        overview(h, report);
        syscalls(h, report);
        report.recording().ifPresent(r -> recording(h, r));
        findings(h, report.findings());
        docker(h, report.docker());
        filter(h, report);
        h.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, ProfileReport report) {
        h.append("<header>\n<h1>Seccomp profile <code>").append(t(report.overview().source())).append("</code></h1>\n")
                .append("<p>A syscage report: what the profile lets through, what lint says, how it differs from ")
                .append("Docker's default, and the filter runc would load.</p>\n<nav>")
                .append("<a href=\"#overview\">Overview</a><a href=\"#syscalls\">Syscalls</a>");
        if (report.recording().isPresent()) {
            h.append("<a href=\"#recording\">Recording</a>");
        }
        h.append("<a href=\"#lint\">Lint</a><a href=\"#docker\">Docker's default</a><a href=\"#filter\">Filter</a>")
                .append("</nav>\n</header>\n");
    }

    private static void overview(StringBuilder h, ProfileReport report) {
        Overview o = report.overview();
        long named = report.groups().stream().flatMap(g -> g.rows().stream()).filter(SyscallRow::named).count();
        Map<Severity, Long> severities = report.findings().stream()
                .collect(Collectors.groupingBy(Finding::severity, Collectors.counting()));
        h.append("<section id=\"overview\">\n<h2>Overview</h2>\n<dl class=\"facts\">\n");
        fact(h, "Profile", "<code>" + t(o.source()) + "</code>" + (o.dockerFormat()
                ? " (Docker format, resolved for the container below)" : ""));
        fact(h, "Default action", "<code>" + t(o.defaultAction()) + "</code> for every syscall no rule names");
        fact(h, "Architectures", t(String.join(", ", o.arches())) + " <span class=\"muted\">(the native one first; "
                + "calls of any other arch are killed)</span>");
        fact(h, "Container", t(LintReport.describe(o.container())));
        fact(h, "Rules", count(o.rules(), "rule") + " naming " + count(named, "syscall"));
        fact(h, "Lint", count(severities.getOrDefault(Severity.ERROR, 0L), "error") + ", "
                + count(severities.getOrDefault(Severity.WARNING, 0L), "warning") + ", "
                + severities.getOrDefault(Severity.INFO, 0L) + " info");
        fact(h, "Filter", switch (report.filter()) {
            case CompiledFilter c -> c.graph().size() + " instructions in " + c.graph().blocks().size()
                    + " blocks (" + t(c.arch()) + ")";
            case NoFilter n -> "does not compile: " + t(n.reason());
        });
        h.append("</dl>\n<p class=\"kinds\">");
        for (SyscallGroup g : report.groups()) {
            h.append("<a href=\"#kind-").append(g.kind().id()).append("\">").append(t(g.kind().id())).append(" <b>")
                    .append(g.rows().size()).append("</b></a>");
        }
        h.append("</p>\n</section>\n");
    }

    /** {@code 1 rule}, {@code 2 rules}. */
    private static String count(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static void fact(StringBuilder h, String term, String markup) {
        h.append("<dt>").append(t(term)).append("</dt><dd>").append(markup).append("</dd>\n");
    }

    private static void syscalls(StringBuilder h, ProfileReport report) {
        boolean recorded = report.recording().isPresent();
        h.append("<section id=\"syscalls\">\n<h2>Syscalls by kind</h2>\n")
                .append("<p>Every syscall a rule names")
                .append(recorded ? " or the recording saw" : "")
                .append(", once, with what the profile does with it. ")
                .append("<label>Filter by name: <input id=\"syscall-filter\" type=\"search\" placeholder=\"e.g. open\"/>")
                .append("</label></p>\n");
        for (SyscallGroup g : report.groups()) {
            h.append("<details").append(g.rows().size() <= OPEN_GROUP_ROWS ? " open=\"open\"" : "")
                    .append(" id=\"kind-").append(g.kind().id()).append("\"><summary><h3>")
                    .append(t(g.kind().title())).append("</h3> <span class=\"muted\">(").append(g.rows().size())
                    .append(") ").append(t(g.kind().description())).append("</span></summary>\n");
            if (g.rows().isEmpty()) {
                h.append("<p class=\"muted\">None.</p>\n</details>\n");
                continue;
            }
            h.append("<table class=\"syscalls\">\n<thead><tr><th class=\"name\">Syscall</th>")
                    .append("<th class=\"decision\">Decision</th>");
            if (recorded) {
                h.append("<th>Recorded</th>");
            }
            h.append("<th>Comment</th></tr></thead>\n<tbody>\n");
            for (SyscallRow r : g.rows()) {
                row(h, r, recorded);
            }
            h.append("</tbody>\n</table>\n</details>\n");
        }
        h.append("</section>\n");
    }

    private static void row(StringBuilder h, SyscallRow r, boolean recorded) {
        h.append("<tr data-name=\"").append(t(r.name().toLowerCase(Locale.ROOT))).append("\" class=\"")
                .append(r.standing().name().toLowerCase(Locale.ROOT)).append(r.recordedButDenied() ? " alert" : "")
                .append("\"><td class=\"name\"><code>").append(t(r.name())).append("</code></td><td class=\"decision\">")
                .append(t(r.decision()));
        if (!r.named()) {
            h.append(" <span class=\"muted\">(default)</span>");
        }
        h.append("</td>");
        if (recorded) {
            h.append("<td>");
            if (r.uses().isEmpty()) {
                h.append("<span class=\"muted\">not seen</span>");
            }
            for (RecordingSidecar.Use u : r.uses()) {
                if (u.recorded()) {
                    h.append(count(u.count(), "call")).append(" on ")
                            .append(t(archName(u.arch()))).append(", first by pid ").append(u.firstPid());
                    if (u.executable() != null) {
                        h.append(" <code>").append(t(u.executable())).append("</code>");
                    }
                } else {
                    h.append("not called");
                }
                h.append(" <span class=\"muted\">(").append(t(String.join(", ", u.why()))).append(")</span><br/>");
            }
            if (r.recordedButDenied()) {
                h.append("<strong>called, but this profile denies it</strong>");
            }
            h.append("</td>");
        }
        h.append("<td>").append(t(String.join("; ", r.comments()))).append("</td></tr>\n");
    }

    /** {@code SCMP_ARCH_X86_64} as {@code x86_64}; a name syscage does not know stays as written. */
    private static String archName(String arch) {
        return arch == null ? "?" : Arch.find(arch).map(Arch::kernelName).orElse(arch);
    }

    private static void recording(StringBuilder h, RecordingSummary r) {
        h.append("<section id=\"recording\">\n<h2>Recording</h2>\n<dl class=\"facts\">\n");
        fact(h, "Sidecar", "<code>" + t(r.file()) + "</code>");
        fact(h, "Recorded", count(r.calls(), "call") + " of " + count(r.syscalls(), "syscall"));
        fact(h, "Called but denied", r.deniedRecorded().isEmpty() ? "none"
                : "<code>" + t(String.join(", ", r.deniedRecorded())) + "</code>");
        fact(h, "Called, named by no rule", r.notInProfile().isEmpty() ? "none"
                : "<code>" + t(String.join(", ", r.notInProfile())) + "</code>");
        h.append("</dl>\n</section>\n");
    }

    private static void findings(StringBuilder h, List<Finding> findings) {
        h.append("<section id=\"lint\">\n<h2>Lint findings</h2>\n");
        if (findings.isEmpty()) {
            h.append("<p>No findings.</p>\n</section>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th><th>Fix</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (Finding f : findings) {
            h.append("<tr class=\"finding\" data-rule=\"").append(t(f.id())).append("\"><td class=\"sev-")
                    .append(f.severity().label()).append("\">").append(f.severity().label()).append("</td><td><code>")
                    .append(t(f.id())).append("</code> ").append(t(f.rule().name())).append("</td><td class=\"mono\">")
                    .append(t(f.location().map(SourceLocation::toString).orElse("whole profile"))).append("</td><td>")
                    .append(t(f.message())).append("</td><td>").append(t(f.fix())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void docker(StringBuilder h, DockerComparison d) {
        ProfileDiff diff = d.diff();
        h.append("<section id=\"docker\">\n<h2>Compared with Docker's default</h2>\n<p>Docker's default profile ")
                .append("resolved for ").append(t(LintReport.describe(d.dockerContainer())))
                .append(" (Docker's default capabilities), compared by what each decides, not how it is written.</p>\n");
        if (diff.isEmpty()) {
            h.append("<p>This profile decides exactly as Docker's default.</p>\n</section>\n");
            return;
        }
        h.append("<ul>\n");
        if (diff.defaultChange() != null) {
            h.append("<li>Default action: Docker's <code>").append(t(diff.defaultChange().a().label()))
                    .append("</code>, this profile's <code>").append(t(diff.defaultChange().b().label()))
                    .append("</code> (for the syscalls neither names).</li>\n");
        }
        diff.onlyInA().forEach(a -> h.append("<li>Only Docker's filter covers arch <code>").append(t(a.kernelName()))
                .append("</code>; this profile kills its calls.</li>\n"));
        diff.onlyInB().forEach(a -> h.append("<li>Only this profile covers arch <code>").append(t(a.kernelName()))
                .append("</code>; Docker's default kills its calls.</li>\n"));
        if (diff.flagsChange() != null) {
            h.append("<li>Flags: Docker's <code>").append(t(diff.flagsChange().a().toString()))
                    .append("</code>, this profile's <code>").append(t(diff.flagsChange().b().toString()))
                    .append("</code>.</li>\n");
        }
        h.append("</ul>\n");
        changes(h, "docker-more", "more", "Allowed here, denied by Docker's default", d.allowsMore());
        changes(h, "docker-less", "less", "Denied here, allowed by Docker's default", d.allowsLess());
        changes(h, "docker-other", "", "Decided differently, neither letting more through", d.otherwise());
        h.append("</section>\n");
    }

    private static void changes(StringBuilder h, String id, String cssClass, String title, List<SyscallChange> list) {
        h.append("<h3 id=\"").append(id).append("\" class=\"").append(cssClass).append("\">").append(t(title))
                .append(" (").append(list.size()).append(")</h3>\n");
        if (list.isEmpty()) {
            h.append("<p class=\"muted\">None.</p>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>Syscall</th><th>Arches</th><th>Docker's default</th><th>This profile</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (SyscallChange c : list) {
            h.append("<tr><td><code>").append(t(c.name())).append("</code></td><td>")
                    .append(t(c.arches().stream().map(Arch::kernelName).collect(Collectors.joining(", "))))
                    .append("</td><td>").append(t(c.a().label())).append("</td><td>").append(t(c.b().label()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void filter(StringBuilder h, ProfileReport report) {
        h.append("<section id=\"filter\">\n<h2>The filter's control flow</h2>\n");
        switch (report.filter()) {
            case NoFilter n -> h.append("<p>The profile does not compile: ").append(t(n.reason())).append("</p>\n");
            case CompiledFilter c -> {
                h.append("<p>The classic-BPF program runc would load on ").append(t(c.arch())).append(", as syscage ")
                        .append("compiles it: ").append(c.graph().size()).append(" instructions in ")
                        .append(c.graph().blocks().size()).append(" basic blocks, top to bottom. A green edge or tag ")
                        .append("follows the printed condition, a red one the other way; a tag on the left is a jump ")
                        .append("to a return. Blocks that return are filled by action: allow green, kill red, ")
                        .append("others orange. <a download=\"filter.dot\" href=\"data:text/vnd.graphviz;base64,")
                        .append(Base64.getEncoder().encodeToString(c.dot().getBytes(StandardCharsets.UTF_8)))
                        .append("\">Download as Graphviz dot</a>.</p>\n");
                if (!c.warnings().isEmpty()) {
                    h.append("<ul>\n");
                    c.warnings().forEach(w -> h.append("<li>").append(t(w)).append("</li>\n"));
                    h.append("</ul>\n");
                }
                h.append("<div class=\"scroll\">\n").append(FlowGraphSvg.render(c.graph())).append("</div>\n");
            }
        }
        h.append("</section>\n");
    }

    private static String t(String s) {
        return Markup.text(s);
    }

    /** The CSP source for an inline element's exact text: {@code sha256-BASE64}. */
    static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
