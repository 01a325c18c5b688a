package org.syscage.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.lint.LintContext;
import org.syscage.core.lint.LintReport;
import org.syscage.core.lint.Linter;
import org.syscage.core.lint.Severity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage lint}: review a profile; findings with severity, rule id, location and a fix. */
@Command(name = "lint",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Review a seccomp profile: dangerous allows, architecture doors, dead, duplicate and shadowed rules, "
                        + "libseccomp quirks the profile depends on, errno and NOTIFY mistakes, typos, and what a "
                        + "deny-list misses. Each finding has a severity, a rule id, a location (file:line:column) "
                        + "and a fix.",
                "A Docker-format profile is linted as dockerd resolves it for the container given by --arch, --kernel "
                        + "and --cap-add/--cap-drop, and for Docker-only mistakes before resolution. "
                        + "See docs/lint.md for every rule."},
        footer = {"",
                "Exit codes: 0 no finding reaches --fail-on, 1 some finding does, 2 bad usage or input.",
                "",
                "Examples:",
                "  syscage lint profile.json",
                "  syscage lint builtin --cap-add SYS_ADMIN",
                "      Docker's default for a container with CAP_SYS_ADMIN: mount, bpf, unshare... reported",
                "  syscage lint profile.json --format sarif -o lint.sarif --fail-on warning"})
final class LintCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROFILE",
            description = "The profile (OCI, Docker or SeccompProfile; JSON or YAML; - reads stdin), or 'builtin' for "
                    + "Docker's default profile.")
    String input;

    enum Format { text, json, sarif }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or sarif (SARIF 2.1.0). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "Exit 1 when a finding is at least this severe: error, warning, info, or none. "
                    + "Default: ${DEFAULT-VALUE}.")
    String failOn;

    @CommandLine.Mixin
    DockerOptions docker;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        Severity threshold = failOn.strip().equalsIgnoreCase("none") ? null : Severity.parse(failOn);
        LocatedProfile profile = LocatedInput.read(input);
        ResolveOptions container = docker.options();
        var findings = Linter.lint(profile.profile(), new LintContext(profile.locations(), container));
        LintReport report = new LintReport(profile.locations().file(), container, findings);
        out.write(switch (format) {
            case json -> report.json();
            case sarif -> report.sarif(version());
            case text -> report.text();
        });
        if (threshold != null && Linter.reaches(findings, threshold)) {
            long n = findings.stream().filter(f -> f.severity().atLeast(threshold)).count();
            throw new FindingException(n + (n == 1 ? " finding is " : " findings are ") + threshold.label()
                    + (threshold == Severity.INFO ? "" : " or worse") + " (--fail-on " + threshold.label() + ")");
        }
        return ExitCodes.OK;
    }

    private static String version() throws IOException {
        String first = new VersionProvider().getVersion()[0];
        return first.startsWith("syscage ") ? first.substring("syscage ".length()) : first;
    }
}
