package org.syscage.cli;

import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Profile;

/** Reads the profile a command names: a file, {@code -} for stdin, or {@code builtin} (Docker's default). */
final class ProfileInput {
    private ProfileInput() {}

    static boolean isBuiltin(String input) {
        return input.equals(BuiltinProfiles.DOCKER_DEFAULT_NAME);
    }

    static Profile read(String input) {
        return isBuiltin(input) ? BuiltinProfiles.dockerDefault() : ProfileReader.read(input, System.in);
    }
}
