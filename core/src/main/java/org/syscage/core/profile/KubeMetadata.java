package org.syscage.core.profile;

import java.util.Map;

/**
 * What a SeccompProfile CRD carries besides the seccomp spec: its object metadata. The
 * {@code name} is required by Kubernetes; labels and annotations are kept so a read-then-write
 * loses nothing.
 */
public record KubeMetadata(String name, String namespace, Map<String, String> labels,
                           Map<String, String> annotations) {
    public KubeMetadata {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
    }

    public static KubeMetadata named(String name) {
        return new KubeMetadata(name, null, Map.of(), Map.of());
    }
}
