package org.syscage.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.report.RecordingSidecar;
import org.syscage.core.report.ReportBuilder;
import org.syscage.core.report.ReportHtml;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage report}: one self-contained HTML page about a profile. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Write one self-contained HTML page about a profile: its syscalls grouped by kind (file, network, "
                        + "process, memory, ipc, time, privileged) with what the profile does with each, the counts "
                        + "of a recording, lint's findings, the difference from Docker's default profile, and the "
                        + "control-flow graph of the filter runc would load.",
                "The page fetches nothing: styles, script and the graph are inline. A Docker-format profile is "
                        + "resolved for the container given by --arch, --kernel and --cap-add/--cap-drop. "
                        + "Without -o the page is PROFILE's file name with .html, in the current directory. "
                        + "See docs/report.md."},
        footer = {"",
                "Exit codes: 0 written, 2 bad usage or input.",
                "",
                "Examples:",
                "  syscage record -o app.json -- ./app && syscage report app.json --recording app.json.report.json",
                "      writes app.html",
                "  syscage report builtin -o docker-default.html",
                "  syscage report profile.yaml -o - > page.html"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROFILE",
            description = "The profile (OCI, Docker or SeccompProfile; JSON or YAML; - reads stdin), or 'builtin' for "
                    + "Docker's default profile.")
    String input;

    @Option(names = "--recording", paramLabel = "OUT.report.json",
            description = "The sidecar 'syscage record' wrote beside the profile: adds call counts, the first caller "
                    + "and why each syscall is in the profile.")
    Path recording;

    @CommandLine.Mixin
    DockerOptions docker;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        if (out.output == null) {
            out.output = defaultOutput(input);
        }
        LocatedProfile profile = LocatedInput.read(input);
        ResolveOptions container = docker.options();
        Optional<RecordingSidecar> sidecar = Optional.ofNullable(recording).map(RecordingSidecar::read);
        String html = ReportHtml.render(ReportBuilder.build(profile, container, sidecar));
        out.write(html);
        if (!out.toStdout()) {
            out.err().println("syscage: wrote " + out.output);
            out.err().flush();
        }
        return ExitCodes.OK;
    }

    /** {@code app.json} → {@code app.html} in the current directory; stdin has no name to borrow. */
    static String defaultOutput(String input) {
        if (input.equals("-")) {
            throw new InputException("reading the profile from stdin, expected -o OUT.html (or -o - for stdout)");
        }
        String base = Path.of(input).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return (dot > 0 ? base.substring(0, dot) : base) + ".html";
    }
}
