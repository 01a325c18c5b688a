package org.syscage.core.profile;

import java.util.List;
import org.syscage.core.arch.Arch;

/**
 * A seccomp profile: the union of the OCI runtime-spec {@code linux.seccomp} object, Docker's
 * extensions ({@code archMap}, per-rule includes/excludes/comment) and the Security Profiles
 * Operator's SeccompProfile spec ({@code baseProfileName}, object metadata). Every format reads
 * into and writes from this one immutable model.
 *
 * @param defaultErrnoRet errno for an ERRNO/TRACE default action, or null when absent
 * @param architectures   arches the filter covers (OCI); empty when absent
 * @param archMap         Docker's per-native-arch lists; empty when absent
 * @param flags           SECCOMP_FILTER_FLAG_* names, as written
 * @param listenerPath    unix socket of the seccomp notify agent, or null
 * @param listenerMetadata opaque string passed to that agent, or null
 * @param baseProfileName SPO: the profile this one extends, or null
 * @param metadata        SPO: the CRD's object metadata, or null when not read from a CRD
 */
public record Profile(Action defaultAction, Integer defaultErrnoRet, List<Arch> architectures,
                      List<ArchMapEntry> archMap, List<String> flags, String listenerPath,
                      String listenerMetadata, List<SyscallRule> syscalls, String baseProfileName,
                      KubeMetadata metadata) {
    public Profile {
        if (defaultAction == null) {
            throw new IllegalArgumentException("defaultAction is required");
        }
        if (defaultErrnoRet != null && !defaultAction.carriesValue()) {
            throw new IllegalArgumentException("defaultErrnoRet is only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        }
        architectures = List.copyOf(architectures);
        archMap = List.copyOf(archMap);
        flags = List.copyOf(flags);
        syscalls = List.copyOf(syscalls);
    }

    /** A plain OCI profile with just a default action, arches and rules. */
    public static Profile of(Action defaultAction, List<Arch> architectures, List<SyscallRule> syscalls) {
        return new Profile(defaultAction, null, architectures, List.of(), List.of(), null, null, syscalls, null, null);
    }

    /** Whether any Docker-only field is used, so that resolution is needed before use. */
    public boolean isDockerFormat() {
        return !archMap.isEmpty() || syscalls.stream().anyMatch(SyscallRule::hasDockerExtensions);
    }

    public Profile withSyscalls(List<SyscallRule> newSyscalls) {
        return new Profile(defaultAction, defaultErrnoRet, architectures, archMap, flags, listenerPath,
                listenerMetadata, newSyscalls, baseProfileName, metadata);
    }

    public Profile withArchitectures(List<Arch> newArchitectures, List<ArchMapEntry> newArchMap) {
        return new Profile(defaultAction, defaultErrnoRet, newArchitectures, newArchMap, flags, listenerPath,
                listenerMetadata, syscalls, baseProfileName, metadata);
    }

    public Profile withMetadata(KubeMetadata newMetadata) {
        return new Profile(defaultAction, defaultErrnoRet, architectures, archMap, flags, listenerPath,
                listenerMetadata, syscalls, baseProfileName, newMetadata);
    }
}
