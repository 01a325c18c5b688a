package org.syscage.core.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a SeccompProfile CRD carries besides the seccomp rules: its object metadata and the
 * operator's reconcile switch. The {@code name} is required by Kubernetes; labels, annotations
 * and the state are kept so a read-then-write loses nothing. None of it changes what the filter
 * does, so formats without a place for it (OCI, Docker) leave it out.
 *
 * @param state SPO's {@code spec.state} (older v1beta1: {@code spec.disabled}), or null when absent
 */
public record KubeMetadata(String name, String namespace, Map<String, String> labels,
                           Map<String, String> annotations, State state) {
    public KubeMetadata {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** Metadata without an SPO state. */
    public KubeMetadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
        this(name, namespace, labels, annotations, null);
    }

    public static KubeMetadata named(String name) {
        return new KubeMetadata(name, null, Map.of(), Map.of(), null);
    }

    public KubeMetadata withName(String newName) {
        return new KubeMetadata(newName, namespace, labels, annotations, state);
    }

    /**
     * Whether the Security Profiles Operator installs the profile on the nodes ({@code Enabled})
     * or skips it ({@code Disabled}).
     */
    public enum State {
        ENABLED("Enabled"),
        DISABLED("Disabled");

        private final String kubeName;

        State(String kubeName) {
            this.kubeName = kubeName;
        }

        /** The spelling in a CRD's {@code spec.state}. */
        public String kubeName() { return kubeName; }

        public static Optional<State> fromKubeName(String name) {
            return Stream.of(values()).filter(s -> s.kubeName.equals(name)).findFirst();
        }
    }
}
