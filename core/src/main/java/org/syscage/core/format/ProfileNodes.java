package org.syscage.core.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * Builds the document of each output format from the model, with fields in the order the
 * reference implementations write them (runtime-spec's Go types, moby's, SPO's) and empty
 * optional fields left out as Go's {@code omitempty} leaves them out. Refuses what a format
 * cannot express when dropping it would change the filter's meaning.
 */
final class ProfileNodes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProfileNodes() {}

    static ObjectNode oci(Profile p) {
        requireNoDockerExtensions(p, "OCI JSON");
        requireNoBase(p, "OCI JSON");
        return seccomp(p, Shape.OCI);
    }

    static ObjectNode docker(Profile p) {
        requireNoBase(p, "Docker JSON");
        return seccomp(p, Shape.DOCKER);
    }

    static ObjectNode crd(Profile p, String apiVersion) {
        String what = "a SeccompProfile";
        requireNoDockerExtensions(p, what);
        Integer errno = p.defaultErrnoRet();
        // SPO's spec has no defaultErrnoRet: the operator's runtime answers EPERM, which is what 1 means.
        if (errno != null && errno != Action.DEFAULT_ERRNO) {
            throw new InputException("cannot write " + what + ": defaultErrnoRet " + errno
                    + " has no place in it (SPO's SeccompProfile spec has no defaultErrnoRet field, so its default "
                    + "action always returns EPERM), expected no defaultErrnoRet or " + Action.DEFAULT_ERRNO
                    + " (or write the profile as OCI JSON)");
        }
        KubeMetadata meta = p.metadata();
        if (meta == null || meta.name() == null) {
            throw new InputException("cannot write " + what + ": the profile has no metadata.name, expected a name");
        }
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", apiVersion);
        root.put("kind", CrdBinder.KIND);
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", meta.name());
        putIfPresent(metadata, "namespace", meta.namespace());
        putMap(metadata, "labels", meta.labels());
        putMap(metadata, "annotations", meta.annotations());
        ObjectNode spec = root.putObject("spec");
        if (meta.state() != null) {
            spec.put("state", meta.state().kubeName());
        }
        putIfPresent(spec, "baseProfileName", p.baseProfileName());
        spec.put("defaultAction", p.defaultAction().profileName());
        putArches(spec, "architectures", p.architectures());
        putIfPresent(spec, "listenerPath", p.listenerPath());
        putIfPresent(spec, "listenerMetadata", p.listenerMetadata());
        putRules(spec, p.syscalls(), Shape.CRD);
        putStrings(spec, "flags", p.flags());
        return root;
    }

    /** Which fields a rule carries in each output. */
    private enum Shape {
        /** runtime-spec fields; Docker's comment too (runtimes ignore unknown fields, so it costs nothing). */
        OCI,
        DOCKER,
        /** SPO's fields only: the API server would reject a comment. */
        CRD
    }

    private static ObjectNode seccomp(Profile p, Shape shape) {
        ObjectNode o = NODES.objectNode();
        o.put("defaultAction", p.defaultAction().profileName());
        if (p.defaultErrnoRet() != null) {
            o.put("defaultErrnoRet", p.defaultErrnoRet());
        }
        putArches(o, "architectures", p.architectures());
        putStrings(o, "flags", p.flags());
        putIfPresent(o, "listenerPath", p.listenerPath());
        putIfPresent(o, "listenerMetadata", p.listenerMetadata());
        if (shape == Shape.DOCKER) {
            if (!p.archMap().isEmpty()) {
                ArrayNode archMap = o.putArray("archMap");
                for (ArchMapEntry e : p.archMap()) {
                    ObjectNode entry = archMap.addObject();
                    entry.put("architecture", e.architecture().ociName());
                    if (e.subArchitectures().isEmpty()) {
                        entry.putNull("subArchitectures"); // as moby writes a nil list
                    } else {
                        putArches(entry, "subArchitectures", e.subArchitectures());
                    }
                }
            }
            o.putArray("syscalls"); // moby's field has no omitempty
        }
        putRules(o, p.syscalls(), shape);
        return o;
    }

    private static void putRules(ObjectNode parent, List<SyscallRule> rules, Shape shape) {
        if (rules.isEmpty()) {
            return;
        }
        ArrayNode list = parent.has("syscalls") ? (ArrayNode) parent.get("syscalls") : parent.putArray("syscalls");
        for (SyscallRule r : rules) {
            ObjectNode o = list.addObject();
            ArrayNode names = o.putArray("names");
            r.names().forEach(names::add);
            o.put("action", r.action().profileName());
            if (r.errnoRet() != null) {
                o.put("errnoRet", r.errnoRet());
            }
            if (!r.args().isEmpty()) {
                ArrayNode args = o.putArray("args");
                for (ArgCondition a : r.args()) {
                    ObjectNode arg = args.addObject();
                    arg.put("index", a.index());
                    arg.set("value", unsigned(a.value()));
                    if (a.valueTwo() != 0) {
                        arg.set("valueTwo", unsigned(a.valueTwo()));
                    }
                    arg.put("op", a.op().profileName());
                }
            }
            if (shape != Shape.CRD) {
                putIfPresent(o, "comment", r.comment());
            }
            if (shape == Shape.DOCKER) {
                putFilter(o, "includes", r.includes());
                putFilter(o, "excludes", r.excludes());
            }
        }
    }

    private static void putFilter(ObjectNode parent, String key, Filter f) {
        if (f.isEmpty()) {
            return;
        }
        ObjectNode o = parent.putObject(key);
        putStrings(o, "caps", f.caps());
        putStrings(o, "arches", f.arches());
        putIfPresent(o, "minKernel", f.minKernel());
    }

    /** Values from 2^63 are written as the unsigned decimal they stand for. */
    static ValueNode unsigned(long value) {
        return value >= 0 ? NODES.numberNode(value) : NODES.numberNode(new BigInteger(Long.toUnsignedString(value)));
    }

    private static void putArches(ObjectNode o, String key, List<Arch> arches) {
        putStrings(o, key, arches.stream().map(Arch::ociName).toList());
    }

    private static void putStrings(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(key);
            values.forEach(a::add);
        }
    }

    private static void putMap(ObjectNode o, String key, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode m = o.putObject(key);
            values.forEach(m::put);
        }
    }

    private static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(key, value);
        }
    }

    private static void requireNoDockerExtensions(Profile p, String what) {
        if (p.isDockerFormat()) {
            throw new InputException("cannot write " + what + ": the profile uses Docker's archMap or "
                    + "includes/excludes, expected a resolved profile (run 'syscage resolve' first)");
        }
    }

    private static void requireNoBase(Profile p, String what) {
        if (p.baseProfileName() != null) {
            throw new InputException("cannot write " + what + ": the profile extends base profile "
                    + Messages.quote(p.baseProfileName()) + " (baseProfileName), which only a SeccompProfile can say, "
                    + "expected a profile without a base (merge the base in first)");
        }
    }
}
