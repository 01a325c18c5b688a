package org.syscage.core.lint;

import java.util.Objects;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileLocations;

/**
 * What lint needs besides the profile: where its parts were written, and the container it is
 * meant for. The container's arch is the one runc runs on (libseccomp's native arch, always part
 * of the filter); a Docker-format profile is resolved for the container's arch, kernel and
 * capabilities, as dockerd would.
 *
 * @param locations where rules and names were written ({@link ProfileLocations#none} if unknown)
 * @param options   the container: arch, kernel, capabilities
 */
public record LintContext(ProfileLocations locations, ResolveOptions options) {
    public LintContext {
        Objects.requireNonNull(locations, "locations");
        Objects.requireNonNull(options, "options");
    }

    /** A profile without known locations, for the given container. */
    public static LintContext of(ResolveOptions options) {
        return new LintContext(ProfileLocations.none("<profile>"), options);
    }
}
