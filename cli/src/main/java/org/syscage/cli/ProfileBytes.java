package org.syscage.cli;

import java.nio.charset.StandardCharsets;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.format.BaseProfileName;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.format.ReadProfile;

/**
 * The bytes of the profile a command names (a file, {@code -} for stdin, or {@code builtin}),
 * read once. A command that needs the bytes besides the profile ({@code run} hashes them for its
 * filter cache) takes both from here: the hash and the parse then cannot come from two versions of
 * a file edited in between, and stdin, which can be read only once, serves both.
 */
final class ProfileBytes {
    private final String input;
    private final byte[] bytes;

    private ProfileBytes(String input, byte[] bytes) {
        this.input = input;
        this.bytes = bytes;
    }

    /** Reads {@code input}; one that cannot be read is bad input naming it (exit 2). */
    static ProfileBytes read(String input) {
        byte[] bytes = ProfileInput.isBuiltin(input)
                ? BuiltinProfiles.dockerDefaultJson().getBytes(StandardCharsets.UTF_8)
                : ProfileReader.readBytes(input, System.in);
        return new ProfileBytes(input, bytes);
    }

    /** The input as the user named it. */
    String input() {
        return input;
    }

    /** A copy of the bytes read. */
    byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The profile these bytes hold, with its format; errors name the input with line and column.
     * One that extends a base profile only the cluster holds is refused ({@link BaseProfileName}).
     */
    ReadProfile parse() {
        ReadProfile read = ProfileReader.parseWithFormat(input, bytes);
        if (read.profile().baseProfileName() != null) {
            BaseProfileName.refuse(ProfileReader.parseLocated(input, bytes));
        }
        return read;
    }
}
