package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.format.KubeNames;
import org.syscage.core.format.BaseProfileName;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.io.AtomicFiles;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Profile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage convert}: a profile from any format to OCI JSON, Docker JSON or SeccompProfile YAML. */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = {
                "Convert a seccomp profile to another format.",
                "IN may be OCI JSON (a linux.seccomp object or a whole config.json), a Docker profile, or a "
                        + "Security Profiles Operator SeccompProfile, each in JSON or YAML (told apart by content).",
                "Docker profiles using archMap or includes/excludes must be resolved first ('syscage resolve')."},
        footer = {"",
                "Examples:",
                "  syscage convert profile.json -t crd -o profile.yaml",
                "  syscage convert seccompprofile.yaml -t oci > profile.json",
                "  cat profile.json | syscage convert - -t crd-v1beta1 --name web"})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "The profile to convert; - reads stdin.")
    String input;

    @Option(names = {"-t", "--to"}, required = true, paramLabel = "FORMAT", converter = Converters.AnyFormatConverter.class,
            completionCandidates = Converters.AnyFormatNames.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (crd is security-profiles-operator.x-k8s.io/v1).")
    ProfileFormat to;

    @CommandLine.Mixin
    OutputOptions out;

    @Option(names = "--name", paramLabel = "NAME",
            description = "metadata.name of a CRD. Default: the input's own name, else IN's file name made valid.")
    String name;


    @Override
    public Integer call() throws IOException {
        CrdNames.checkNameApplies(name, to);
        LocatedProfile read = ProfileReader.readLocated(input, System.in);
        if (!to.isCrd()) {
            BaseProfileName.refuse(read); // only a SeccompProfile can say it, so only a CRD keeps it
        }
        Profile profile = CrdNames.forFormat(read.profile(), to, name, input, null);
        out.write(ProfileWriter.write(profile, to));
        // Reading then writing loses nothing silently: what the target format has no place for is named.
        for (String lost : ProfileWriter.leftOut(profile, to)) {
            out.err().println("syscage: note: " + to.cliName() + " leaves out " + lost);
        }
        return ExitCodes.OK;
    }
}
