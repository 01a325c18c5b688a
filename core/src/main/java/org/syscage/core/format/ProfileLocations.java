package org.syscage.core.format;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.syscage.core.format.Node.Entry;
import org.syscage.core.format.Node.ListNode;
import org.syscage.core.format.Node.MapNode;

/**
 * Where each part of a profile was written, for tools that report on a profile after reading it
 * (lint, explain). Paths are relative to the seccomp object, whatever wraps it (an OCI config's
 * {@code linux.seccomp}, a SeccompProfile's {@code spec}), and spelled as the reader's messages
 * spell them: {@code defaultAction}, {@code architectures[1]}, {@code syscalls[3]},
 * {@code syscalls[3].names[0]}, {@code syscalls[3].args[1].op}.
 *
 * <p>A field is located at its key, a list item at the item itself (for a rule, its opening
 * brace in JSON, its first key in YAML). Rule and name indexes are those of
 * {@link org.syscage.core.profile.Profile#syscalls()} and {@link org.syscage.core.profile.SyscallRule#names()}.
 */
public final class ProfileLocations {
    private final String file;
    private final Map<String, SourceLocation> byPath;

    private ProfileLocations(String file, Map<String, SourceLocation> byPath) {
        this.file = file;
        this.byPath = Collections.unmodifiableMap(byPath);
    }

    /** Locations of a profile that was not read from text (built in code): every lookup is empty. */
    public static ProfileLocations none(String file) {
        return new ProfileLocations(file, Map.of());
    }

    /** Records the place of every field and list item under the seccomp object. */
    static ProfileLocations index(Source source, MapNode seccomp) {
        Map<String, SourceLocation> paths = new HashMap<>();
        ProfileLocations locations = new ProfileLocations(source.name(), paths);
        paths.put("", locations.at(seccomp.at()));
        locations.walk(seccomp, "", paths);
        return locations;
    }

    private void walk(Node n, String path, Map<String, SourceLocation> paths) {
        if (n instanceof MapNode m) {
            for (Entry e : m.entries().values()) {
                String child = NodeReader.child(path, e.key());
                paths.put(child, at(e.keyAt()));
                walk(e.value(), child, paths);
            }
        } else if (n instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                String item = NodeReader.item(path, i);
                paths.put(item, at(l.items().get(i).at()));
                walk(l.items().get(i), item, paths);
            }
        }
    }

    private SourceLocation at(Position p) {
        return new SourceLocation(file, p.line(), p.column());
    }

    /** The file as the user named it ({@code <stdin>} for standard input). */
    public String file() {
        return file;
    }

    /** The place of the value at {@code path} (see the class description), if it was written. */
    public Optional<SourceLocation> at(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The start of the profile's seccomp object. */
    public Optional<SourceLocation> profile() {
        return at("");
    }

    /** A top-level field of the seccomp object, e.g. {@code defaultAction}. */
    public Optional<SourceLocation> field(String key) {
        return at(key);
    }

    /** The {@code index}-th entry of {@code syscalls}. */
    public Optional<SourceLocation> rule(int index) {
        return at("syscalls[" + index + "]");
    }

    /** A field of a rule, e.g. {@code errnoRet}; falls back to the rule itself. */
    public Optional<SourceLocation> ruleField(int index, String key) {
        return at("syscalls[" + index + "]." + key).or(() -> rule(index));
    }

    /**
     * The {@code nameIndex}-th name of a rule; Docker's single {@code name} is name 0. Falls back
     * to the rule itself.
     */
    public Optional<SourceLocation> name(int index, int nameIndex) {
        String rule = "syscalls[" + index + "]";
        return at(rule + ".names[" + nameIndex + "]")
                .or(() -> nameIndex == 0 ? at(rule + ".name") : Optional.empty())
                .or(() -> rule(index));
    }

    /** The {@code argIndex}-th argument condition of a rule; falls back to the rule itself. */
    public Optional<SourceLocation> arg(int index, int argIndex) {
        return at("syscalls[" + index + "].args[" + argIndex + "]").or(() -> rule(index));
    }
}
