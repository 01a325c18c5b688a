package org.syscage.linux.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * A recording turned into a profile, and the account of why each syscall is in it.
 *
 * <p>The profile: default action ERRNO (EPERM), the machine's arch first and then each compat
 * arch the command used, and one ALLOW rule naming every syscall recorded on any arch plus the
 * base set. (An OCI profile has one name list for all its arches; each runtime resolves the names
 * per arch, as {@link org.syscage.core.audit.SeenSyscalls} explains.)
 *
 * @param recording what the command did
 * @param base      the container runtime's own syscalls, added to the profile
 * @param host      the machine's arch, always in the profile
 */
public record RecordReport(Recording recording, BaseSyscalls base, Arch host) {
    /** One syscall of the profile on one arch ({@code arch} null for a base-set name not recorded). */
    public record Entry(Arch arch, String name, long count, int firstPid, String executable, List<String> why) {
        public Entry {
            why = List.copyOf(why);
        }
    }

    public List<Arch> architectures() {
        LinkedHashSet<Arch> arches = new LinkedHashSet<>();
        arches.add(host);
        arches.addAll(recording.byArch().keySet());
        return List.copyOf(arches);
    }

    /** Every name the profile allows: recorded on any arch, or in the base set. */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(base.names());
        recording.syscalls().forEach(s -> names.add(s.name()));
        return names;
    }

    public Profile profile() {
        return Profile.of(Action.ERRNO, architectures(), List.of(SyscallRule.of(List.copyOf(names()), Action.ALLOW)));
    }

    /** Recorded syscalls first (per arch, as recorded), then base-set names not recorded on any arch. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        SortedSet<String> recorded = new TreeSet<>();
        for (RecordedSyscall s : recording.syscalls()) {
            List<String> why = base.names().contains(s.name()) ? List.of("recorded", "base set " + base.name())
                    : List.of("recorded");
            entries.add(new Entry(s.arch(), s.name(), s.count(), s.firstPid(), s.executable(), why));
            recorded.add(s.name());
        }
        for (String name : base.names()) {
            if (!recorded.contains(name)) {
                entries.add(new Entry(null, name, 0, 0, null, List.of("base set " + base.name())));
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
        ArrayNode arches = root.putArray("architectures");
        architectures().forEach(a -> arches.add(a.ociName()));
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
        if (recording.fallbackReason() != null) {
            s.append("\nnote: two stops per call: ").append(recording.fallbackReason());
        }
        return s.toString();
    }
}
