package org.syscage.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    @Parameters(index = "1", paramLabel = "SYSCALL", description = "A syscall name, or its number on the arch.")
    String syscall;

    @Parameters(index = "2..*", paramLabel = "ARGS", arity = "0..6",
            description = "Up to six argument values.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @CommandLine.Mixin
    DockerOptions docker;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        String fmt = format.strip().toLowerCase(Locale.ROOT);
        if (!fmt.equals("text") && !fmt.equals("json")) {
            throw new InputException("unknown format '" + format + "', expected text or json");
        }
        if (args.size() > ExplainRequest.MAX_ARGS) {
            throw new InputException(args.size() + " argument values given, expected at most " + ExplainRequest.MAX_ARGS);
        }
        long[] values = new long[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parseValue(args.get(i), i);
        }
        LocatedProfile profile = LocatedInput.read(input);
        Explanation e = Explainer.explain(profile.profile(), profile.locations(),
                new ExplainRequest(syscall, values, docker.options()));
        out.write(fmt.equals("json") ? ExplanationReport.json(e) : ExplanationReport.text(e));
        return ExitCodes.OK;
    }

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    /** A 64-bit argument: decimal, 0x hex, or a negative number taken as its two's complement. */
    static long parseValue(String text, int index) {
        String t = text.strip().replace("_", "");
        try {
            BigInteger v = t.startsWith("0x") || t.startsWith("0X") ? new BigInteger(t.substring(2), 16)
                    : t.startsWith("-0x") || t.startsWith("-0X") ? new BigInteger(t.substring(3), 16).negate()
                    : new BigInteger(t);
            if (v.signum() < 0) {
                v = v.add(TWO_TO_64);
            }
            if (v.signum() < 0 || v.compareTo(TWO_TO_64) >= 0) {
                throw new InputException("argument " + index + " '" + text + "' does not fit in 64 bits, expected a "
                        + "value from -2^63 to 2^64-1");
            }
            return v.longValue();
        } catch (NumberFormatException e) {
            throw new InputException("argument " + index + " '" + text + "' is not a number, expected decimal, 0x hex "
                    + "or a negative number");
        }
    }
}
