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

    /** Parses a command-line name, ignoring case. */
    public static ProfileFormat parse(String name) {
        return Stream.of(values()).filter(f -> f.cliName.equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new InputException("unknown format " + Messages.quote(name)
                        + Messages.didYouMean(name, cliNames()) + ", expected one of " + String.join(", ", cliNames())));
    }

    public static List<String> cliNames() {
        return Stream.of(values()).map(ProfileFormat::cliName).toList();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
