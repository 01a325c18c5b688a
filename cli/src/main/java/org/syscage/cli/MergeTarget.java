package org.syscage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.syscage.core.InputException;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.format.ReadProfile;
import org.syscage.core.profile.Profile;

/**
 * The profile {@code record --merge-into PROFILE} adds a recording to: read (and checked) before
 * the command runs, resolved for this host when it is in Docker's format (a union needs plain
 * profiles), and the format the result is written in unless {@code -t} says otherwise.
 *
 * @param file    where it is, and where the result goes without {@code -o}
 * @param profile the plain profile
 * @param format  how it was written, as the reader told it: crd or crd-v1beta1 for a SeccompProfile,
 *                else oci (a Docker profile's result is resolved, so plain OCI)
 */
record MergeTarget(Path file, Profile profile, ProfileFormat format) {

    /** Reads {@code file}; a missing or malformed file is bad input (exit 2), nothing is written. */
    static MergeTarget read(String file) {
        if (file.equals("-")) {
            throw new InputException("--merge-into writes the result back to PROFILE, expected a file, not -");
        }
        Path path = Path.of(file);
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file, expected an existing profile to merge into");
        } catch (IOException e) {
            throw new InputException(file + ": cannot be read (" + e.getMessage() + "), expected a profile to merge into");
        }
        ReadProfile read = ProfileReader.parseWithFormat(file, content);
        return switch (read.format()) {
            // A union needs plain profiles: the result is the resolved profile, which is plain OCI.
            case DOCKER -> new MergeTarget(path, DockerResolver.resolve(read.profile(), ResolveOptions.host()),
                    ProfileFormat.OCI);
            case OCI, CRD, CRD_V1BETA1 -> new MergeTarget(path, read.profile(), read.format());
        };
    }

    /** Whether {@code output} names this profile's own file. */
    boolean isFile(String output) {
        try {
            return Files.isSameFile(file, Path.of(output));
        } catch (IOException e) {
            return file.toAbsolutePath().normalize().equals(Path.of(output).toAbsolutePath().normalize());
        }
    }
}
