package org.syscage.core.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The syscalls seen in audit records, per arch, and the profile that allows them.
 *
 * <p>An OCI profile has one list of syscall names for all its arches: the runtime resolves each
 * name on each arch and skips names an arch lacks. So the profile allows the union of the names
 * seen on every arch, on every arch that has them. A name seen on one arch only (say i386's
 * {@code socketcall}) costs nothing where it does not exist, but one that also exists on another
 * arch of the profile is allowed there unseen; {@link #widened()} lists those.
 *
 * @param byArch     names seen per arch, arches in the order they first appeared
 * @param unresolved records whose arch or syscall number syscage does not know
 */
public record SeenSyscalls(Map<Arch, SortedSet<String>> byArch, List<AuditRecord> unresolved) {
    public SeenSyscalls {
        Map<Arch, SortedSet<String>> copy = new LinkedHashMap<>();
        byArch.forEach((a, names) -> copy.put(a, Collections.unmodifiableSortedSet(new TreeSet<>(names))));
        byArch = Collections.unmodifiableMap(copy);
        unresolved = List.copyOf(unresolved);
    }

    public static SeenSyscalls of(Iterable<AuditRecord> records) {
        Map<Arch, SortedSet<String>> byArch = new LinkedHashMap<>();
        List<AuditRecord> unresolved = new ArrayList<>();
        for (AuditRecord r : records) {
            var arch = r.arch();
            var name = r.syscallName();
            if (arch.isEmpty() || name.isEmpty()) {
                unresolved.add(r);
                continue;
            }
            byArch.computeIfAbsent(arch.get(), a -> new TreeSet<>()).add(name.get());
        }
        return new SeenSyscalls(byArch, unresolved);
    }

    public boolean isEmpty() {
        return byArch.isEmpty();
    }

    /** Every name seen on any arch, sorted. */
    public SortedSet<String> names() {
        SortedSet<String> all = new TreeSet<>();
        byArch.values().forEach(all::addAll);
        return all;
    }

    /**
     * Names the profile allows on an arch where they exist but were not seen, with those arches
     * (in the profile's order). Empty when only one arch was seen.
     */
    public SortedMap<String, List<Arch>> widened() {
        SortedMap<String, List<Arch>> widened = new TreeMap<>();
        for (String name : names()) {
            for (Arch arch : byArch.keySet()) {
                if (!byArch.get(arch).contains(name) && SyscallTable.of(arch).names().contains(name)) {
                    widened.computeIfAbsent(name, n -> new ArrayList<>()).add(arch);
                }
            }
        }
        return widened;
    }

    /**
     * An allowlist: default ERRNO (EPERM), the arches seen, and one ALLOW rule naming every
     * syscall seen.
     */
    public Profile toProfile() {
        List<SyscallRule> rules = isEmpty() ? List.of() : List.of(SyscallRule.of(List.copyOf(names()), Action.ALLOW));
        return Profile.of(Action.ERRNO, List.copyOf(byArch.keySet()), rules);
    }
}
