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
 * The container a Docker-format profile is resolved for: arch, kernel and capabilities, as
 * {@code docker run} would set them. Shared by every command that accepts Docker profiles.
 */
final class DockerOptions {

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "The arch dockerd runs on, in kernel, Go/Docker or OCI spelling (x86_64, amd64, "
                    + "SCMP_ARCH_X86_64). Default: this machine's.")
    Arch arch;

    @Option(names = "--kernel", paramLabel = "X.Y", converter = Converters.KernelConverter.class,
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

    /** Docker's defaults, with this machine's arch and kernel unless given. */
    ResolveOptions options() {
        Arch target = arch != null ? arch : Arch.host();
        KernelVersion running = kernel != null ? kernel : KernelVersion.running();
        return ResolveOptions.docker(target, running).withCapChanges(capAdd, capDrop);
    }

    /** The plain profile for that container; a profile without Docker extensions is returned as is. */
    Profile resolveIfDocker(Profile profile) {
        return profile.isDockerFormat() ? DockerResolver.resolve(profile, options()) : profile;
    }
}
