package org.syscage.cli;

import org.syscage.core.arch.Arch;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.profile.Profile;
import picocli.CommandLine;
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

    @CommandLine.Mixin
    ContainerOptions container;

    Arch arch() {
        return arch != null ? arch : Arch.host();
    }

    /** Docker's defaults, with this machine's arch and kernel unless given. */
    ResolveOptions options() {
        return container.options(arch());
    }

    /** The plain profile for that container; a profile without Docker extensions is returned as is. */
    Profile resolveIfDocker(Profile profile) {
        return container.resolveIfDocker(profile, arch());
    }
}
