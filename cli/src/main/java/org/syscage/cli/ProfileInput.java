package org.syscage.cli;

import java.util.List;
import org.syscage.core.InputException;
import org.syscage.core.docker.BuiltinProfiles;
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

    /**
     * The profile, for a command that decides from it: one that extends a base profile only the
     * cluster holds is refused at its baseProfileName (see {@link LocatedInput#read}).
     */
    static Profile read(String input) {
        return isBuiltin(input) ? BuiltinProfiles.dockerDefault() : LocatedInput.read(input).profile();
    }
}
