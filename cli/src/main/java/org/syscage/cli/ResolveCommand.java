package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
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

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = SyscallsCommand.ArchConverter.class,
            description = "The arch dockerd runs on, in kernel, Go/Docker or OCI spelling (x86_64, amd64, "
                    + "SCMP_ARCH_X86_64). Default: this machine's.")
    Arch arch;

    @Option(names = "--kernel", paramLabel = "X.Y", converter = KernelConverter.class,
            description = "The running kernel's version; only X.Y counts (5.10.0-generic is 5.10). "
                    + "Default: this machine's.")
    KernelVersion kernel;

    @Option(names = "--cap-add", paramLabel = "CAP",
            description = "Add a capability, as 'docker run --cap-add' (SYS_NICE, sys_nice or CAP_SYS_NICE; ALL). "
                    + "Repeatable.")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP",
            description = "Drop a capability, as 'docker run --cap-drop' (ALL drops every one). Repeatable.")
    List<String> capDrop = new ArrayList<>();

    @Option(names = {"-t", "--to"}, paramLabel = "FORMAT", defaultValue = "oci",
            converter = ConvertCommand.FormatConverter.class,
            description = "Output format: oci, crd or crd-v1beta1. Default: ${DEFAULT-VALUE}.")
    ProfileFormat to;

    @Option(names = "--name", paramLabel = "NAME",
            description = "metadata.name of a CRD. Default: the input's own name, else IN's file name made valid "
                    + "(docker-default for builtin).")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT (atomically) instead of stdout; - is stdout.")
    String output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (to == ProfileFormat.DOCKER) {
            throw new InputException("resolve writes a plain profile, expected -t oci, crd or crd-v1beta1");
        }
        if (name != null && !to.isCrd()) {
            throw new InputException("--name applies to -t crd and crd-v1beta1 only, expected no --name for -t " + to);
        }
        Profile resolved = DockerResolver.resolve(readInput(), options());
        if (to.isCrd()) {
            resolved = resolved.withMetadata(crdMetadata(resolved.metadata()));
        }
        write(ProfileWriter.write(resolved, to));
        return ExitCodes.OK;
    }

    private Profile readInput() {
        return input.equals(BuiltinProfiles.DOCKER_DEFAULT_NAME)
                ? BuiltinProfiles.dockerDefault()
                : ProfileReader.read(input, System.in);
    }

    /** Docker's defaults, with this machine's arch and kernel unless given. */
    private ResolveOptions options() {
        Arch target = arch != null ? arch : Arch.host();
        KernelVersion running = kernel != null ? kernel : KernelVersion.running();
        return ResolveOptions.docker(target, running).withCapChanges(capAdd, capDrop);
    }

    /** --name, else the input's metadata.name, else one made from IN's file name. */
    private KubeMetadata crdMetadata(KubeMetadata read) {
        KubeMetadata base = read == null ? KubeMetadata.named(null) : read;
        if (name != null) {
            if (!KubeNames.isValid(name)) {
                throw new InputException("--name '" + name + "' is not a Kubernetes object name, expected lowercase "
                        + "letters, digits, '-' and '.' (like my-profile), at most " + KubeNames.MAX_LENGTH + " characters");
            }
            return base.withName(name);
        }
        if (base.name() != null) {
            return base;
        }
        if (input.equals("-")) {
            throw new InputException("a SeccompProfile needs metadata.name and stdin has no file name, expected --name NAME");
        }
        return base.withName(input.equals(BuiltinProfiles.DOCKER_DEFAULT_NAME) ? "docker-default" : KubeNames.fromFileName(input));
    }

    private void write(String text) throws IOException {
        if (output == null || output.equals("-")) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return;
        }
        try {
            AtomicFiles.writeAtomically(Path.of(output), text, force);
        } catch (FileAlreadyExistsException e) {
            throw new InputException(output + ": already exists, expected a new file (add --force to replace it)");
        }
    }

    static final class KernelConverter implements CommandLine.ITypeConverter<KernelVersion> {
        @Override
        public KernelVersion convert(String value) {
            try {
                return KernelVersion.parseRelease(value);
            } catch (InputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
