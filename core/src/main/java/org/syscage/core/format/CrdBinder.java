package org.syscage.core.format;

import static org.syscage.core.format.NodeReader.child;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syscage.core.format.Node.Entry;
import org.syscage.core.format.Node.MapNode;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Profile;

/**
 * Reads a Security Profiles Operator SeccompProfile object: checks kind and apiVersion, keeps
 * the metadata a user writes (name, namespace, labels, annotations) and reads {@code spec}.
 */
final class CrdBinder {
    static final String GROUP = "security-profiles-operator.x-k8s.io";
    static final String KIND = "SeccompProfile";
    static final String API_V1 = GROUP + "/v1";
    static final String API_V1BETA1 = GROUP + "/v1beta1";

    static final List<String> TOP_FIELDS = List.of("apiVersion", "kind", "metadata", "spec", "status");
    static final List<String> KEPT_METADATA = List.of("name", "namespace", "labels", "annotations");
    /**
     * ObjectMeta fields that the API server fills in or that only matter to a live cluster
     * ({@code kubectl get -o yaml} prints them). Accepted so such output can be read, but not kept.
     */
    static final List<String> IGNORED_METADATA = List.of("generateName", "selfLink", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences",
            "finalizers", "managedFields");

    private final NodeReader r;

    CrdBinder(NodeReader reader) {
        this.r = reader;
    }

    /** Whether a top-level object is a Kubernetes object rather than a bare profile. */
    static boolean isKubernetesObject(MapNode root) {
        return root.has("apiVersion") || root.has("kind");
    }

    /** The profile with its metadata, and which of SPO's two versions it was written in. */
    ReadProfile read(MapNode root) {
        // Kind first: for any other Kubernetes object that is the clearest thing to report.
        Node kindNode = r.required(root, "", "kind", KIND);
        String kind = r.string(kindNode, "kind", KIND);
        if (!kind.equals(KIND)) {
            throw r.error(kindNode.at(), "kind", "found " + Messages.quote(kind) + ", expected " + KIND);
        }
        Node apiNode = r.required(root, "", "apiVersion", API_V1 + " or " + API_V1BETA1);
        String api = r.string(apiNode, "apiVersion", API_V1 + " or " + API_V1BETA1);
        if (!api.equals(API_V1) && !api.equals(API_V1BETA1)) {
            throw r.error(apiNode.at(), "apiVersion", "unsupported version " + Messages.quote(api)
                    + ", expected " + API_V1 + " or " + API_V1BETA1);
        }
        r.allowOnly(root, "", TOP_FIELDS);
        MapNode spec = r.object(r.required(root, "", "spec", "the profile's spec (an object with defaultAction)"),
                "spec", "an object with defaultAction");
        Profile profile = new ProfileBinder(r, ProfileBinder.Dialect.CRD).profile(spec, "spec");
        KubeMetadata.State state = state(spec);
        Node metadataNode = r.optional(root, "metadata");
        KubeMetadata metadata = metadataNode == null
                ? (state == null ? null : new KubeMetadata(null, null, Map.of(), Map.of(), state))
                : metadata(r.object(metadataNode, "metadata", "an object with name, namespace, labels, annotations"), state);
        ProfileFormat format = api.equals(API_V1BETA1) ? ProfileFormat.CRD_V1BETA1 : ProfileFormat.CRD;
        return new ReadProfile(profile.withMetadata(metadata), format);
    }

    /** SPO's {@code spec.state} (Enabled/Disabled), or the older v1beta1 {@code spec.disabled} boolean. */
    private KubeMetadata.State state(MapNode spec) {
        Entry state = spec.entry("state");
        Entry disabled = spec.entry("disabled");
        if (state != null && disabled != null) {
            throw r.error(disabled.keyAt(), "spec",
                    "both 'state' and 'disabled' given, expected only 'state' ('disabled' is the older spelling)");
        }
        if (disabled != null && !NodeReader.isAbsent(disabled.value())) {
            return r.bool(disabled.value(), "spec.disabled") ? KubeMetadata.State.DISABLED : KubeMetadata.State.ENABLED;
        }
        Node n = r.optional(spec, "state");
        if (n == null) {
            return null;
        }
        String name = r.string(n, "spec.state", "Enabled or Disabled");
        return KubeMetadata.State.fromKubeName(name).orElseThrow(() -> r.error(n.at(), "spec.state",
                "found " + Messages.quote(name) + ", expected Enabled or Disabled"));
    }

    private KubeMetadata metadata(MapNode m, KubeMetadata.State state) {
        List<String> allowed = new java.util.ArrayList<>(KEPT_METADATA);
        allowed.addAll(IGNORED_METADATA);
        r.allowOnly(m, "metadata", allowed);
        return new KubeMetadata(
                r.optionalString(m, "metadata", "name"),
                r.optionalString(m, "metadata", "namespace"),
                stringMap(m, "labels"),
                stringMap(m, "annotations"),
                state);
    }

    private Map<String, String> stringMap(MapNode m, String key) {
        String path = child("metadata", key);
        Node n = r.optional(m, key);
        if (n == null) {
            return Map.of();
        }
        MapNode map = r.object(n, path, "an object of string values");
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : map.entries().values()) {
            // Kubernetes wants strings here: an unquoted 1 or true in YAML is a mistake it rejects too.
            out.put(e.key(), r.string(e.value(), child(path, e.key()), "a string (quote it in YAML)"));
        }
        return out;
    }
}
