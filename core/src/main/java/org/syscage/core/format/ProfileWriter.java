package org.syscage.core.format;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.profile.KubeMetadata;
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
 *       state, which do not change the filter ({@link #leftOut} names them).</li>
 *   <li>CRD refuses Docker extensions and a defaultErrnoRet other than 1 (SPO has no such field;
 *       1 = EPERM is what runtimes use without it, so it is dropped); it drops comments
 *       ({@link #leftOut} names them); it needs
 *       {@code metadata.name}.</li>
 * </ul>
 * Refusals are {@link org.syscage.core.InputException}s with a one-line reason.
 */
public final class ProfileWriter {
    private ProfileWriter() {}

    /**
     * What writing {@code profile} in {@code format} leaves out that the profile holds, one phrase
     * each (e.g. {@code "the comment of 2 rules (SPO's SeccompProfile has no comment field)"}),
     * for a caller to tell the user; empty when nothing is lost. A CRD's name and namespace, which
     * only place the object in a cluster, are not listed. None of it changes what the
     * filter does (what would is refused by {@link #write} instead). A defaultErrnoRet of 1 left
     * out of a CRD is not listed: without it the runtime returns the same EPERM.
     */
    public static List<String> leftOut(Profile profile, ProfileFormat format) {
        List<String> out = new ArrayList<>();
        if (format.isCrd()) {
            long comments = profile.syscalls().stream()
                    .filter(r -> r.comment() != null && !r.comment().isEmpty()).count();
            if (comments > 0) {
                out.add("the comment of " + comments + (comments == 1 ? " rule" : " rules")
                        + " (SPO's SeccompProfile has no comment field)");
            }
        } else if (profile.metadata() != null) {
            KubeMetadata m = profile.metadata();
            // name and namespace only place the object in a cluster, as a file's path places an OCI profile
            List<String> parts = new ArrayList<>();
            if (!m.labels().isEmpty()) {
                parts.add(m.labels().size() + (m.labels().size() == 1 ? " label" : " labels"));
            }
            if (!m.annotations().isEmpty()) {
                parts.add(m.annotations().size() + (m.annotations().size() == 1 ? " annotation" : " annotations"));
            }
            if (m.state() != null) {
                parts.add("state " + m.state().kubeName());
            }
            if (!parts.isEmpty()) {
                out.add("the SeccompProfile's " + String.join(", ", parts) + " (" + format.cliName()
                        + " has no Kubernetes metadata)");
            }
        }
        return out;
    }

    public static String write(Profile profile, ProfileFormat format) {
        return switch (format) {
            case OCI -> Printers.json(ProfileNodes.oci(profile));
            case DOCKER -> Printers.json(ProfileNodes.docker(profile));
            case CRD -> Printers.yaml(ProfileNodes.crd(profile, CrdBinder.API_V1));
            case CRD_V1BETA1 -> Printers.yaml(ProfileNodes.crd(profile, CrdBinder.API_V1BETA1));
        };
    }
}
