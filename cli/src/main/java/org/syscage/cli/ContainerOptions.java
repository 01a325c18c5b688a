package org.syscage.cli;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.profile.Profile;
import picocli.CommandLine.Option;

/**
 * The container a Docker-format profile is resolved for, apart from its arch: the running kernel
 * and the capabilities {@code docker run} gives it. Commands that name the arch their own way
 * (compile's {@code --arch}) use this directly; the others use {@link DockerOptions}.
 */
final class ContainerOptions {

    @Option(names = "--kernel", paramLabel = "X.Y", converter = Converters.KernelConverter.class,
            description = "Docker-format input: the running kernel's version; only X.Y counts (5.10.0-generic is "
                    + "5.10). Default: this machine's.")
    KernelVersion kernel;

    @Option(names = "--cap-add", paramLabel = "CAP",
            description = "Docker-format input: add a capability, as 'docker run --cap-add' (SYS_NICE, sys_nice or "
                    + "CAP_SYS_NICE; ALL). Repeatable.")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP",
            description = "Docker-format input: drop a capability, as 'docker run --cap-drop' (ALL drops every one). "
                    + "Repeatable.")
    List<String> capDrop = new ArrayList<>();

    /** Docker's defaults for a container on {@code arch}, with this machine's kernel unless given. */
    ResolveOptions options(Arch arch) {
        KernelVersion running = kernel != null ? kernel : KernelVersion.running();
        return ResolveOptions.docker(arch, running).withCapChanges(capAdd, capDrop);
    }

    /** The plain profile for that container; a profile without Docker extensions is returned as is. */
    Profile resolveIfDocker(Profile profile, Arch arch) {
        return profile.isDockerFormat() ? DockerResolver.resolve(profile, options(arch)) : profile;
    }
}
