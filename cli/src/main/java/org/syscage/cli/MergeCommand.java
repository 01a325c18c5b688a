package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.merge.ProfileDecisions;
import org.syscage.core.merge.ProfileDiff;
import org.syscage.core.merge.ProfileMerger;
import org.syscage.core.profile.Profile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage merge}: the union of profiles, or with --check whether the first already covers the rest. */
@Command(name = "merge",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Merge profiles into one that lets a call through when any of them does (a union, as the "
                        + "Security Profiles Operator merges recorded profiles).",
                "The least restrictive action wins, in the order KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, NOTIFY, "
                        + "TRACE, LOG, ALLOW, for the default action and for each syscall; on equal rank "
                        + "(ERRNO(1) and ERRNO(38)) the first profile's errno. Where one profile's rules for a syscall "
                        + "already let every call through as far as the others' (judged on the compiled filters, "
                        + "this machine's arch or --arch plus those listed), they are kept as written, so merging a "
                        + "profile with itself gives it back. Other argument rules are united; arches and "
                        + "flags are unioned. Where the exact union cannot be written as one profile the result lets "
                        + "more through, never less, and a note on stderr says where. See docs/merge-diff.md.",
                "Docker-format profiles are resolved first for the container the Docker options describe.",
                "--check writes nothing: it exits 1 and prints what merging would change (as diff prints it, "
                        + "with a witness call) when the first profile does not already cover the others."},
        footer = {"",
                "Examples:",
                "  syscage merge run1.json run2.json -o app.json",
                "  syscage merge app.json recorded.json --check      (in CI: did the program start using more?)",
                "  syscage merge a.yaml b.json -t crd --name app -o app.yaml",
                "",
                "Exit codes: 0 merged (or covered), 1 --check found syscalls the first profile does not cover, "
                        + "2 bad usage or input."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PROFILE", arity = "2..*",
            description = "Profiles to merge (JSON or YAML, any format; - reads stdin once; builtin is Docker's default).")
    List<String> inputs;

    @Option(names = "--check", description = "Do not merge: exit 1 when the first PROFILE does not cover the others.")
    boolean check;

    @Option(names = {"-t", "--to"}, paramLabel = "FORMAT", defaultValue = "oci",
            converter = Converters.FormatConverter.class,
            description = "Output format: oci, crd or crd-v1beta1. Default: ${DEFAULT-VALUE}.")
    ProfileFormat to;

    @Option(names = "--name", paramLabel = "NAME",
            description = "metadata.name of a CRD. Default: the first profile's own name, else its file name made valid.")
    String name;

    @CommandLine.Mixin
    OutputOptions out;

    @CommandLine.Mixin
    DockerOptions docker;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (check && (out.output != null || name != null)) {
            throw new InputException("--check writes nothing, expected no -o or --name");
        }
        CrdNames.checkNameApplies(name, to);
        ProfileInput.checkStdinOnce(inputs);
        List<Profile> profiles = new ArrayList<>();
        for (String input : inputs) {
            profiles.add(docker.resolveIfDocker(ProfileInput.read(input)));
        }
        ProfileMerger.Result merged = ProfileMerger.merge(profiles, docker.options().arch());
        PrintWriter err = spec.commandLine().getErr();
        if (check) {
            return check(profiles.get(0), merged.profile());
        }
        merged.notes().forEach(n -> err.println("syscage: note: " + n));
        err.flush();
        Profile result = CrdNames.forFormat(merged.profile(), to, name, inputs.get(0), null);
        out.write(ProfileWriter.write(result, to));
        return ExitCodes.OK;
    }

    private int check(Profile first, Profile merged) {
        PrintWriter stdout = spec.commandLine().getOut();
        ProfileDiff diff = ProfileDiff.between(ProfileDecisions.of(first), ProfileDecisions.of(merged), docker.options().arch());
        String others = String.join(", ", inputs.subList(1, inputs.size()));
        if (diff.isEmpty()) {
            stdout.println(inputs.get(0) + " covers " + others);
            stdout.flush();
            return ExitCodes.OK;
        }
        stdout.println(inputs.get(0) + " does not cover " + others + "; merging would change:");
        diff.lines().forEach(l -> stdout.println("  " + l));
        stdout.flush();
        return ExitCodes.FINDING;
    }
}
