package org.syscage.core.format;

import java.util.List;
import java.util.stream.Stream;
import org.syscage.core.InputException;

/**
 * The formats syscage writes. It reads all of them, and tells which one a profile was written in
 * ({@link ProfileReader#readWithFormat}, {@link ReadProfile}).
 */
public enum ProfileFormat {
    /** The OCI runtime-spec {@code linux.seccomp} object, as runc and crun read it. JSON. */
    OCI("oci"),
    /** Docker's profile: OCI fields plus archMap and per-rule comment, includes, excludes. JSON. */
    DOCKER("docker"),
    /** Security Profiles Operator SeccompProfile, {@code security-profiles-operator.x-k8s.io/v1}. YAML. */
    CRD("crd"),
    /** The same object in the older {@code security-profiles-operator.x-k8s.io/v1beta1}. YAML. */
    CRD_V1BETA1("crd-v1beta1");

    private final String cliName;

    ProfileFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line, e.g. {@code crd-v1beta1}. */
    public String cliName() { return cliName; }

    public boolean isCrd() {
        return this == CRD || this == CRD_V1BETA1;
    }

    /**
     * The formats of a profile syscage builds itself (resolved, recorded, merged, decompiled): such
     * a profile has none of Docker's fields, so as Docker's format it would be its OCI text.
     * Only {@code convert}, which can carry a Docker profile's own fields over, also writes DOCKER.
     */
    public static final List<ProfileFormat> BUILT = List.of(OCI, CRD, CRD_V1BETA1);

    /** Parses a command-line name, ignoring case. */
    public static ProfileFormat parse(String name) {
        return parse(name, List.of(values()));
    }

    /**
     * Parses a command-line name among {@code accepted}, ignoring case; the error lists only those.
     * A format syscage has but the command does not write says so.
     */
    public static ProfileFormat parse(String name, List<ProfileFormat> accepted) {
        List<String> names = accepted.stream().map(ProfileFormat::cliName).toList();
        ProfileFormat f = Stream.of(values()).filter(v -> v.cliName.equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new InputException("unknown format " + Messages.quote(name)
                        + Messages.didYouMean(name, names) + ", expected one of " + String.join(", ", names)));
        if (!accepted.contains(f)) {
            throw new InputException("format " + Messages.quote(name) + " is not written here"
                    + (f == DOCKER ? " (the profile has none of Docker's fields; convert writes a Docker profile)" : "")
                    + ", expected one of " + String.join(", ", names));
        }
        return f;
    }

    public static List<String> cliNames() {
        return cliNames(List.of(values()));
    }

    public static List<String> cliNames(List<ProfileFormat> formats) {
        return formats.stream().map(ProfileFormat::cliName).toList();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
