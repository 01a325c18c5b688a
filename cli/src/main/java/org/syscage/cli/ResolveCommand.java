package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.KubeNames;
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

/** {@code syscage resolve}: a Docker-format profile to the plain OCI profile dockerd gives a container. */
@Command(name = "resolve",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Resolve a Docker-format seccomp profile into the plain OCI profile dockerd hands to runc for one "
                        + "container: archMap expanded for the arch dockerd runs on, and each rule's includes/excludes "
                        + "decided by the container's capabilities, that arch and the running kernel.",
                "The container has Docker's 14 default capabilities, changed by --cap-add/--cap-drop as "
                        + "'docker run' changes them. See docs/docker-resolution.md for the rules."},
        footer = {"",
                "Examples:",
                "  syscage resolve builtin",
                "      Docker's default profile as dockerd applies it on this machine",
                "  syscage resolve builtin --cap-add SYS_NICE",
                "      ...for 'docker run --cap-add SYS_NICE' (get_mempolicy allowed)",
                "  syscage resolve builtin --arch arm64 --kernel 5.10 -o default-arm64.json",
                "  syscage resolve my-docker-profile.json -t crd --name web"})
final class ResolveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN|builtin",
            description = "A Docker profile (JSON or YAML; - reads stdin), or 'builtin' for Docker's default profile "
                    + "(a file named builtin: ./builtin).")
    String input;

    @CommandLine.Mixin
    DockerOptions docker;

    @Option(names = {"-t", "--to"}, paramLabel = "FORMAT", defaultValue = "oci",
            converter = Converters.FormatConverter.class, completionCandidates = Converters.FormatNames.class,
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ProfileFormat to;

    @Option(names = "--name", paramLabel = "NAME",
            description = "metadata.name of a CRD. Default: the input's own name, else IN's file name made valid "
                    + "(docker-default for builtin).")
    String name;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        CrdNames.checkNameApplies(name, to);
        Profile resolved = CrdNames.forFormat(DockerResolver.resolve(ProfileInput.read(input), docker.options()), to,
                name, input, ProfileInput.isBuiltin(input) ? "docker-default" : null);
        out.write(ProfileWriter.write(resolved, to));
        return ExitCodes.OK;
    }
}
