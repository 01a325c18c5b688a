package org.syscage.core.format;

import java.util.Objects;
import org.syscage.core.profile.Profile;

/**
 * A profile as read, with the format its text was in, so that what is written back for it (a
 * merge, a widened suggestion) keeps that format without looking at the text again.
 *
 * <p>The format is told by content: a SeccompProfile object is {@link ProfileFormat#CRD} or
 * {@link ProfileFormat#CRD_V1BETA1} by its apiVersion; any other profile is
 * {@link ProfileFormat#DOCKER} when it uses a field only Docker reads (archMap, a rule's includes
 * or excludes) and {@link ProfileFormat#OCI} otherwise, a whole OCI config.json included.
 */
public record ReadProfile(Profile profile, ProfileFormat format) {
    public ReadProfile {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(format, "format");
    }
}
