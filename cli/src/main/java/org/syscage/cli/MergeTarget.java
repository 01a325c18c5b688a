package org.syscage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.syscage.core.InputException;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Profile;

/**
 * The profile {@code record --merge-into PROFILE} adds a recording to: read (and checked) before
 * the command runs, resolved for this host when it is in Docker's format (a union needs plain
 * profiles), and the format the result is written in unless {@code -t} says otherwise.
 *
 * @param file    where it is, and where the result goes without {@code -o}
 * @param profile the plain profile
 * @param format  how it was written: crd or crd-v1beta1 for a SeccompProfile, else oci (a Docker
 *                profile's result is resolved, so plain OCI)
 */
record MergeTarget(Path file, Profile profile, ProfileFormat format) {
    private static final String CRD_V1BETA1 = "security-profiles-operator.x-k8s.io/v1beta1";

    /** Reads {@code file}; a missing or malformed file is bad input (exit 2), nothing is written. */
    static MergeTarget read(String file) {
        if (file.equals("-")) {
            throw new InputException("--merge-into writes the result back to PROFILE, expected a file, not -");
        }
        Path path = Path.of(file);
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file, expected an existing profile to merge into");
        } catch (IOException e) {
            throw new InputException(file + ": cannot be read (" + e.getMessage() + "), expected a profile to merge into");
        }
        Profile profile = ProfileReader.parse(file, content);
        ProfileFormat format = ProfileFormat.OCI;
        if (profile.metadata() != null) {
            format = CRD_V1BETA1.equals(apiVersion(content)) ? ProfileFormat.CRD_V1BETA1 : ProfileFormat.CRD;
        }
        if (profile.isDockerFormat()) {
            profile = DockerResolver.resolve(profile, ResolveOptions.host());
        }
        return new MergeTarget(path, profile, format);
    }

    /** The document's apiVersion; the reader has already checked that the document is well formed. */
    private static String apiVersion(String content) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(content);
            return root == null ? null : root.path("apiVersion").asText(null);
        } catch (IOException e) {
            return null;
        }
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
