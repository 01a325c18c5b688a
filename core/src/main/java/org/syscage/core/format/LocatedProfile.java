package org.syscage.core.format;

import java.util.Objects;
import org.syscage.core.profile.Profile;

/** A profile read from text together with where each of its parts was written. */
public record LocatedProfile(Profile profile, ProfileLocations locations) {
    public LocatedProfile {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(locations, "locations");
    }
}
