package org.syscage.core.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Profile;

/**
 * Profiles shipped with syscage. {@code builtin} is Docker's default profile
 * (moby profiles/seccomp/default.json), kept verbatim in {@code moby-default.json} next to this
 * class, so that resolving it gives what dockerd gives a container started without
 * {@code --security-opt seccomp=...}.
 */
public final class BuiltinProfiles {

    /** The name that stands for Docker's default profile on the command line. */
    public static final String DOCKER_DEFAULT_NAME = "builtin";

    static final String DOCKER_DEFAULT_RESOURCE = "moby-default.json";

    private BuiltinProfiles() {}

    /**
     * Docker's default profile, read into the model: a Docker-format profile (archMap,
     * includes/excludes) that {@link DockerResolver#resolve} turns into what a container gets.
     * Read once; the model is immutable.
     */
    public static Profile dockerDefault() {
        return DockerDefaultHolder.PROFILE;
    }

    /** Docker's default profile as JSON text, exactly as shipped. */
    public static String dockerDefaultJson() {
        try (InputStream in = BuiltinProfiles.class.getResourceAsStream(DOCKER_DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DOCKER_DEFAULT_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the default on first use only (class initialisation is lazy and thread-safe). */
    private static final class DockerDefaultHolder {
        static final Profile PROFILE = ProfileReader.parse(DOCKER_DEFAULT_NAME, dockerDefaultJson());
    }
}
