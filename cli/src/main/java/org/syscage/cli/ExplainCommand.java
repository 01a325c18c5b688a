package org.syscage.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.explain.ExplainRequest;
import org.syscage.core.explain.Explainer;
import org.syscage.core.explain.Explanation;
import org.syscage.core.explain.ExplanationReport;
import org.syscage.core.format.LocatedProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage explain}: which rule decides a syscall in a container, why, and what would allow it. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Explain what a profile does with one syscall in a container: which rule decides and why "
                        + "(including Docker rules dockerd drops for lack of a capability, for the arch or the kernel), "
                        + "and the smallest change that would allow the call.",
                "Argument values are numbers (decimal, 0x hex, or negative for two's complement); missing ones are 0. "
                        + "See docs/explain.md."},
        footer = {"",
                "Exit codes: 0 explained, 2 bad usage or input.",
                "",
                "Examples:",
                "  syscage explain builtin get_mempolicy",
                "      why numactl gets EPERM in a default Docker container (it needs CAP_SYS_NICE)",
                "  syscage explain builtin get_mempolicy --cap-add SYS_NICE",
                "  syscage explain builtin personality 0x8",
                "  syscage explain profile.json socket 40 1 0 --format json"})
final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROFILE",
            description = "The profile (any format; - reads stdin), or 'builtin' for Docker's default profile.")
    String input;

    @Parameters(index = "1", paramLabel = "SYSCALL", description = "A syscall name, or its 32-bit number on the arch (-1 is 0xffffffff).")
    String syscall;

    @Parameters(index = "2..*", paramLabel = "ARGS", arity = "0..6",
            description = "Up to six argument values.")
    List<String> args = new ArrayList<>();

    enum Format { text, json }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @CommandLine.Mixin
    DockerOptions docker;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        if (args.size() > ExplainRequest.MAX_ARGS) {
            throw new InputException(args.size() + " argument values given, expected at most " + ExplainRequest.MAX_ARGS);
        }
        long[] values = new long[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = NumberArgument.parse(args.get(i), "argument " + i);
        }
        // A number is read with the syntax every command shares; the explainer reads back its decimal.
        String named = NumberArgument.isNumber(syscall)
                ? Integer.toString(NumberArgument.syscallNumber(syscall, "SYSCALL")) : syscall;
        LocatedProfile profile = LocatedInput.read(input);
        Explanation e = Explainer.explain(profile.profile(), profile.locations(),
                new ExplainRequest(named, values, docker.options()));
        out.write(switch (format) {
            case json -> ExplanationReport.json(e);
            case text -> ExplanationReport.text(e);
        });
        return ExitCodes.OK;
    }
}
