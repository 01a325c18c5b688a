package org.syscage.core.format;

import org.syscage.core.profile.Profile;

/**
 * Writes a profile in one of the {@link ProfileFormat}s. Output is deterministic: fields in the
 * order the formats' reference implementations write them, JSON indented with tabs as Go's
 * tools do, YAML as kubectl does, a final newline. 64-bit values from 2^63 up are written as
 * unsigned decimals.
 *
 * <p>What a format cannot say:
 * <ul>
 *   <li>OCI refuses a profile with Docker extensions (archMap, includes/excludes): it must be
 *       resolved first ({@code syscage resolve}); Docker keeps them.</li>
 *   <li>OCI and Docker refuse a {@code baseProfileName}; they drop the Kubernetes metadata and
 *       state, which do not change the filter.</li>
 *   <li>CRD refuses Docker extensions and a defaultErrnoRet other than 1 (SPO has no such field;
 *       1 = EPERM is what runtimes use without it, so it is dropped); it drops comments; it needs
 *       {@code metadata.name}.</li>
 * </ul>
 * Refusals are {@link org.syscage.core.InputException}s with a one-line reason.
 */
public final class ProfileWriter {
    private ProfileWriter() {}

    public static String write(Profile profile, ProfileFormat format) {
        return switch (format) {
            case OCI -> Printers.json(ProfileNodes.oci(profile));
            case DOCKER -> Printers.json(ProfileNodes.docker(profile));
            case CRD -> Printers.yaml(ProfileNodes.crd(profile, CrdBinder.API_V1));
            case CRD_V1BETA1 -> Printers.yaml(ProfileNodes.crd(profile, CrdBinder.API_V1BETA1));
        };
    }
}
