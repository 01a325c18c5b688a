package org.syscage.cli;

import java.util.List;
import org.syscage.core.InputException;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Profile;

/** Reads the profile a command names: a file, {@code -} for stdin, or {@code builtin} (Docker's default). */
final class ProfileInput {
    private ProfileInput() {}

    static boolean isBuiltin(String input) {
        return input.equals(BuiltinProfiles.DOCKER_DEFAULT_NAME);
    }

    /** For commands reading several profiles: stdin can be read once. */
    static void checkStdinOnce(List<String> inputs) {
        if (inputs.stream().filter("-"::equals).count() > 1) {
            throw new InputException("stdin can be read once, expected - at most once");
        }
    }

    static Profile read(String input) {
        return isBuiltin(input) ? BuiltinProfiles.dockerDefault() : ProfileReader.read(input, System.in);
    }
}
