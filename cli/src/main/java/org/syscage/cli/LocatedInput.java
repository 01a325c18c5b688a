package org.syscage.cli;

import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.format.BaseProfileName;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.ProfileReader;

/**
 * Reads the profile a reviewing command names, keeping where each rule was written: a file,
 * {@code -} for stdin, or {@code builtin} (Docker's default, located in its shipped JSON).
 */
final class LocatedInput {
    private LocatedInput() {}

    /** The profile; one that extends a base profile only the cluster holds is refused ({@link BaseProfileName}). */
    static LocatedProfile read(String input) {
        LocatedProfile located = ProfileInput.isBuiltin(input)
                ? ProfileReader.parseLocated(BuiltinProfiles.DOCKER_DEFAULT_NAME, BuiltinProfiles.dockerDefaultJson())
                : ProfileReader.readLocated(input, System.in);
        BaseProfileName.refuse(located);
        return located;
    }
}
