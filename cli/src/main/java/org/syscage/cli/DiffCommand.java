package org.syscage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.merge.ProfileDecisions;
import org.syscage.core.merge.ProfileDiff;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage diff}: what two profiles decide differently, per arch and syscall. */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Compare what two profiles decide, not how they are written: both are compiled as runc builds "
                        + "the filter (this machine's arch or --arch, plus those listed) and compared syscall by "
                        + "syscall on the arches both cover, with a proof where they agree and a witness where not.",
                "  + NAME (ARCHES): A -> B [for ARGS]   only B has a rule for it",
                "  - NAME (ARCHES): A -> B [for ARGS]   only A has a rule for it",
                "  ~ NAME (ARCHES): A -> B [for ARGS]   both (or neither) have rules and decide differently",
                "A and B are what each filter returns for the witness: a call with ARGS, each argument either "
                        + "profile's rules test named with its value (arg0=0), 'any arguments' when none is tested, "
                        + "nothing when neither filter looks at them. A change that denies some calls and allows "
                        + "others gets a witness each way, separated by '; '. When either side has argument rules, "
                        + "both are shown as written in parentheses. Sub-calls of socketcall(2)/ipc(2) count as "
                        + "the syscall they run (recv on x86, 'through socketcall').",
                "Lines for the default action, arches covered by one profile only and flags come first. Only "
                        + "decisions count: rule order, name grouping, rules equal to the default, spellings and "
                        + "conditions written differently that match the same calls (arg0 < 38, arg0 <= 37) do not. "
                        + "Docker-format profiles are resolved first for the container the Docker options describe."},
        footer = {"",
                "Examples:",
                "  syscage diff old.json new.json",
                "  syscage diff builtin app.json --arch arm64",
                "  syscage diff a.yaml b.json --format json",
                "",
                "Exit codes: 0 the same decisions, 1 they differ, 2 bad usage or input."})
final class DiffCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "A", description = "The first profile (- reads stdin; builtin is Docker's default).")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "The second profile.")
    String b;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text: one line per difference; json: an object with the witnesses and both sides of each. Default: ${DEFAULT-VALUE}.")
    Format format;

    @CommandLine.Mixin
    DockerOptions docker;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ProfileInput.checkStdinOnce(List.of(a, b));
        ProfileDecisions da = ProfileDecisions.of(docker.resolveIfDocker(ProfileInput.read(a)));
        ProfileDecisions db = ProfileDecisions.of(docker.resolveIfDocker(ProfileInput.read(b)));
        ProfileDiff diff = ProfileDiff.between(da, db, docker.options().arch());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(diff.toMap()));
        } else {
            diff.lines().forEach(out::println);
        }
        out.flush();
        return diff.isEmpty() ? ExitCodes.OK : ExitCodes.FINDING;
    }
}
