package org.syscage.core.docker;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.syscage.core.arch.Arch;

/**
 * What dockerd knows when it resolves a Docker profile for one container: the arch it runs on,
 * the running kernel and the container's capability (bounding) set.
 *
 * @param arch         the arch dockerd runs on (see {@link DockerHost} for how it is named)
 * @param kernel       the running kernel, compared with {@code minKernel}
 * @param capabilities the container's capabilities, {@code CAP_*} names compared exactly
 */
public record ResolveOptions(Arch arch, KernelVersion kernel, Set<String> capabilities) {

    public ResolveOptions {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(kernel, "kernel");
        capabilities = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(capabilities));
    }

    /** This machine: {@link Arch#host()}, the running kernel and Docker's default capabilities. */
    public static ResolveOptions host() {
        return docker(Arch.host(), KernelVersion.running());
    }

    /** A container with Docker's default capabilities on the given arch and kernel. */
    public static ResolveOptions docker(Arch arch, KernelVersion kernel) {
        return new ResolveOptions(arch, kernel, Capabilities.dockerDefault());
    }

    public ResolveOptions withArch(Arch newArch) {
        return new ResolveOptions(newArch, kernel, capabilities);
    }

    public ResolveOptions withKernel(KernelVersion newKernel) {
        return new ResolveOptions(arch, newKernel, capabilities);
    }

    public ResolveOptions withCapabilities(Set<String> newCapabilities) {
        return new ResolveOptions(arch, kernel, newCapabilities);
    }

    /** Like {@code docker run --cap-add}: names in any case, with or without CAP_, or ALL. */
    public ResolveOptions withCapAdd(String... caps) {
        return withCapChanges(List.of(caps), List.of());
    }

    /** Like {@code docker run --cap-drop}: names in any case, with or without CAP_, or ALL. */
    public ResolveOptions withCapDrop(String... caps) {
        return withCapChanges(List.of(), List.of(caps));
    }

    /**
     * Both options of one {@code docker run} at once, combined in Docker's order (see
     * {@link Capabilities#tweak}); this differs from {@code withCapAdd(..).withCapDrop(..)} when
     * a name is in both lists.
     */
    public ResolveOptions withCapChanges(List<String> add, List<String> drop) {
        return withCapabilities(Capabilities.tweak(capabilities, add, drop));
    }
}
