package org.syscage.linux.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.syscage.core.arch.Arch;
import org.syscage.core.merge.ProfileMerger;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;

/**
 * A recording turned into a profile, and the account of why each syscall is in it.
 *
 * <p>The profile: default action ERRNO (EPERM), the machine's arch first and then each compat
 * arch the command used, and one ALLOW rule naming every syscall recorded on any arch plus the
 * base set. (An OCI profile has one name list for all its arches; each runtime resolves the names
 * per arch, as {@link org.syscage.core.audit.SeenSyscalls} explains.) When the recording has
 * argument values ({@code --args}), the syscalls whose arguments decide safety get ALLOW rules
 * for the values seen instead ({@link ArgumentRules}). With {@code mergeInto}, the result is the
 * union of that profile and the recorded one, through {@link ProfileMerger}.
 *
 * @param recording what the command did
 * @param base      the container runtime's own syscalls, added to the profile
 * @param host      the machine's arch, always in the profile
 * @param mergeInto a plain profile the recording is merged into ({@code --merge-into}), or null
 */
public record RecordReport(Recording recording, BaseSyscalls base, Arch host, Profile mergeInto) {
    /** The reason of a syscall that came from {@code mergeInto}. */
    public static final String MERGED = "merged";
    public static final String RECORDED = "recorded";

    /** A report of a recording alone, merged into nothing. */
    public RecordReport(Recording recording, BaseSyscalls base, Arch host) {
        this(recording, base, host, null);
    }

    /**
     * One syscall of the profile on one arch ({@code arch} null for a name not recorded).
     *
     * @param arguments the argument keys seen on this arch (with {@code --args}), or null
     */
    public record Entry(Arch arch, String name, long count, int firstPid, String executable, List<String> why,
                        ArgumentValues arguments) {
        public Entry {
            why = List.copyOf(why);
        }

        public Entry(Arch arch, String name, long count, int firstPid, String executable, List<String> why) {
            this(arch, name, count, firstPid, executable, why, null);
        }
    }

    /** The recording's arches: the host first, then each compat arch used. */
    public List<Arch> architectures() {
        LinkedHashSet<Arch> arches = new LinkedHashSet<>();
        arches.add(host);
        arches.addAll(recording.byArch().keySet());
        return List.copyOf(arches);
    }

    /** Every name the recorded profile allows: recorded on any arch, or in the base set. */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(base.names());
        recording.syscalls().forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * Per syscall whose arguments were recorded, whether it is restricted to the values seen
     * (empty without {@code --args}). The arches it considers are the profile's: the recording's
     * and those of {@code mergeInto}.
     */
    public Map<String, ArgumentRules.Decision> argumentDecisions() {
        if (!recording.withArguments()) {
            return Map.of();
        }
        LinkedHashSet<Arch> arches = new LinkedHashSet<>(architectures());
        if (mergeInto != null) {
            arches.addAll(mergeInto.architectures());
        }
        return ArgumentRules.decide(recording.arguments(), base.names(), arches);
    }

    /** The profile of the recording alone, before any merge. */
    public Profile recordedProfile() {
        return Profile.of(Action.ERRNO, architectures(), ArgumentRules.rules(names(), argumentDecisions()));
    }

    /** The profile to write: the recorded one, or its union with {@code mergeInto}. */
    public Profile profile() {
        return merged().profile();
    }

    /** Where the union with {@code mergeInto} lets more through than either profile (empty without a merge). */
    public List<String> mergeNotes() {
        return merged().notes();
    }

    private ProfileMerger.Result merged() {
        Profile recorded = recordedProfile();
        // mergeInto first: its metadata, base profile and (on equal rank) errno are kept.
        return mergeInto == null ? new ProfileMerger.Result(recorded, List.of())
                : ProfileMerger.merge(mergeInto, recorded);
    }

    /** The names {@code mergeInto} has rules for (empty without a merge). */
    private SortedSet<String> mergedNames() {
        SortedSet<String> names = new TreeSet<>();
        if (mergeInto != null) {
            mergeInto.syscalls().forEach(r -> names.addAll(r.names()));
        }
        return names;
    }

    /**
     * Recorded syscalls first (per arch, as recorded), then base-set names not recorded on any
     * arch, then names that only {@code mergeInto} has.
     */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        SortedSet<String> listed = new TreeSet<>();
        SortedSet<String> merged = mergedNames();
        Map<String, ArgumentValues> arguments = new LinkedHashMap<>();
        recording.arguments().forEach(v -> arguments.put(v.arch().ociName() + " " + v.name(), v));
        for (RecordedSyscall s : recording.syscalls()) {
            List<String> why = new ArrayList<>(List.of(RECORDED));
            if (base.names().contains(s.name())) {
                why.add("base set " + base.name());
            }
            if (merged.contains(s.name())) {
                why.add(MERGED);
            }
            entries.add(new Entry(s.arch(), s.name(), s.count(), s.firstPid(), s.executable(), why,
                    arguments.get(s.arch().ociName() + " " + s.name())));
            listed.add(s.name());
        }
        for (String name : base.names()) {
            if (!listed.contains(name)) {
                List<String> why = new ArrayList<>(List.of("base set " + base.name()));
                if (merged.contains(name)) {
                    why.add(MERGED);
                }
                entries.add(new Entry(null, name, 0, 0, null, why));
                listed.add(name);
            }
        }
        for (String name : merged) {
            if (!listed.contains(name)) {
                entries.add(new Entry(null, name, 0, 0, null, List.of(MERGED)));
            }
        }
        return entries;
    }

    /** The sidecar report, {@code OUT.report.json}. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("commandExit", recording.commandExit());
        root.put("stops", switch (recording.stops()) {
            case SECCOMP -> "once per call (seccomp filter)";
            case SYSCALL -> "twice per call (PTRACE_SYSCALL)";
            case NONE -> "none (counted in the kernel by an eBPF program)";
        });
        if (recording.fallbackReason() != null) {
            root.put("fallbackReason", recording.fallbackReason());
        }
        root.put("baseSyscalls", base.name());
        root.put("arguments", recording.withArguments());
        ArrayNode arches = root.putArray("architectures");
        architectures().forEach(a -> arches.add(a.ociName()));
        Map<String, ArgumentRules.Decision> decisions = argumentDecisions();
        ArrayNode syscalls = root.putArray("syscalls");
        for (Entry e : entries()) {
            ObjectNode node = syscalls.addObject();
            node.put("name", e.name());
            if (e.arch() != null) {
                node.put("arch", e.arch().ociName());
                node.put("count", e.count());
                node.put("firstPid", e.firstPid());
                node.put("executable", e.executable());
            }
            ArrayNode why = node.putArray("why");
            e.why().forEach(why::add);
            if (e.arguments() != null) {
                putArguments(node.putObject("arguments"), e.arguments(), decisions.get(e.name()));
            }
        }
        List<String> notes = argumentNotes();
        notes.addAll(mergeNotes());
        if (!notes.isEmpty()) {
            ArrayNode array = root.putArray("notes");
            notes.forEach(array::add);
        }
        if (!recording.unknown().isEmpty()) {
            ObjectNode unknown = root.putObject("unknown");
            new TreeMap<>(recording.unknown()).forEach(unknown::put);
        }
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of one syscall on one arch and what became of them. */
    private static void putArguments(ObjectNode node, ArgumentValues values, ArgumentRules.Decision decision) {
        ArrayNode seen = node.putArray("seen");
        for (List<Long> key : values.keys()) {
            ObjectNode k = seen.addObject();
            for (int i = 0; i < key.size(); i++) {
                k.put(values.argument().parts().get(i), new BigInteger(Long.toUnsignedString(key.get(i))));
            }
        }
        if (values.overflow()) {
            node.put("overflow", true);
        }
        switch (decision) {
            case ArgumentRules.Decision.Restricted r -> node.put("rule", "allowed for the values seen");
            case ArgumentRules.Decision.Unrestricted u -> node.put("rule", "allowed with any arguments: " + u.reason());
            case null -> {
            }
        }
    }

    /**
     * What the report says about argument rules besides the values: syscalls left unrestricted
     * and why, and the calls whose arguments a filter cannot read at all.
     */
    public List<String> argumentNotes() {
        List<String> notes = new ArrayList<>();
        if (!recording.withArguments()) {
            return notes;
        }
        argumentDecisions().forEach((name, d) -> {
            if (d instanceof ArgumentRules.Decision.Unrestricted u) {
                notes.add(name + " is allowed with any arguments: " + u.reason());
            }
        });
        SortedSet<String> recorded = new TreeSet<>();
        recording.syscalls().forEach(s -> recorded.add(s.name()));
        if (recorded.contains("clone3")) {
            notes.add("clone3 is allowed by name only: its flags are in a struct in memory, which a seccomp filter "
                    + "cannot read");
        }
        if (recorded.contains("socketcall")) {
            notes.add("socketcall is allowed by name only: the socket calls made through it have their arguments in "
                    + "memory, which a seccomp filter cannot read");
        }
        return notes;
    }

    /** A few lines for stderr: totals per arch and the busiest calls. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        Map<Arch, SortedSet<String>> byArch = recording.byArch();
        long calls = recording.syscalls().stream().mapToLong(RecordedSyscall::count).sum();
        s.append("recorded ").append(calls).append(" calls of ").append(recording.syscalls().size())
                .append(" syscalls (");
        List<String> parts = new ArrayList<>();
        byArch.forEach((a, n) -> parts.add(n.size() + " on " + a.kernelName()));
        s.append(String.join(", ", parts)).append("); base set ").append(base.name()).append(" adds ")
                .append(names().size() - recording.syscalls().stream().map(RecordedSyscall::name).distinct().count())
                .append("; profile allows ").append(names().size()).append(" names");
        List<RecordedSyscall> busiest = recording.syscalls().stream()
                .sorted((x, y) -> Long.compare(y.count(), x.count())).limit(5).toList();
        if (!busiest.isEmpty()) {
            s.append("\nbusiest: ").append(String.join(", ",
                    busiest.stream().map(b -> b.name() + " " + b.count()).toList()));
        }
        Map<String, ArgumentRules.Decision> decisions = argumentDecisions();
        if (!decisions.isEmpty()) {
            long restricted = decisions.values().stream().filter(d -> d instanceof ArgumentRules.Decision.Restricted)
                    .count();
            s.append("\narguments: ").append(restricted).append(" of ").append(decisions.size())
                    .append(" syscalls restricted to the values seen (see the report)");
        }
        argumentNotes().forEach(n -> s.append("\nnote: ").append(n));
        if (mergeInto != null) {
            s.append("\nmerged with ").append(mergedNames().size()).append(" names of the existing profile");
            mergeNotes().forEach(n -> s.append("\nnote: ").append(n));
        }
        if (recording.fallbackReason() != null) {
            s.append("\nnote: two stops per call: ").append(recording.fallbackReason());
        }
        return s.toString();
    }
}
