package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The semantic difference between two plain profiles A and B: what each decides, per arch and
 * syscall, not how the files are written. Rule order, grouping of names, rules equal to the
 * default and spelling (SCMP_ACT_KILL vs KILL_THREAD, errnoRet 1 vs none) do not count.
 *
 * <p>The arches compared are those the runtime's filter covers: the native arch plus each
 * listed one. An arch covered by one profile only is reported as such (the other profile
 * kills its calls); syscalls are compared on the arches both cover, and a name counts on an arch
 * only where that arch has the syscall. Conditions are compared as written (see {@link Clause}).
 *
 * @param defaultChange the two defaults when they differ, else null
 * @param onlyInA       arches only A's filter covers
 * @param onlyInB       arches only B's filter covers
 * @param flagsChange   the two flag lists when they differ as sets, else null
 * @param syscalls      one entry per syscall and change, with the arches where it applies, by name
 */
public record ProfileDiff(Change<Verdict> defaultChange, List<Arch> onlyInA, List<Arch> onlyInB,
                          Change<List<String>> flagsChange, List<SyscallChange> syscalls) {
    public ProfileDiff {
        onlyInA = List.copyOf(onlyInA);
        onlyInB = List.copyOf(onlyInB);
        syscalls = List.copyOf(syscalls);
    }

    /** A value in A and in B. */
    public record Change<T>(T a, T b) {}

    /** Which profile has a rule for the syscall: B only (added), A only (removed), or both (changed). */
    public enum Kind {
        ADDED("+"), REMOVED("-"), CHANGED("~");

        private final String sign;

        Kind(String sign) {
            this.sign = sign;
        }

        public String sign() { return sign; }
    }

    /** How A and B treat one syscall on some arches; a side without a rule for it shows its default. */
    public record SyscallChange(Kind kind, String name, List<Arch> arches, Treatment a, Treatment b) {
        public SyscallChange {
            arches = List.copyOf(arches);
        }

        /** {@code + accept4 (x86_64): ALLOW}, {@code ~ read (x86_64, x86): ERRNO(1) -> ALLOW}. */
        public String line() {
            String where = kind.sign() + " " + name + " (" + String.join(", ", arches.stream().map(Arch::kernelName).toList()) + "): ";
            return switch (kind) {
                case ADDED -> where + b.label();
                case REMOVED -> where + a.label();
                case CHANGED -> where + a.label() + " -> " + b.label();
            };
        }
    }

    public boolean isEmpty() {
        return defaultChange == null && onlyInA.isEmpty() && onlyInB.isEmpty() && flagsChange == null && syscalls.isEmpty();
    }

    /** The difference as lines, in the order fields appear: default, arches, flags, syscalls by name. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (defaultChange != null) {
            lines.add("~ defaultAction: " + defaultChange.a().label() + " -> " + defaultChange.b().label()
                    + " (for the syscalls neither profile names)");
        }
        onlyInA.forEach(a -> lines.add("- arch " + a.kernelName() + " (B's filter kills its calls)"));
        onlyInB.forEach(a -> lines.add("+ arch " + a.kernelName() + " (A's filter kills its calls)"));
        if (flagsChange != null) {
            lines.add("~ flags: " + flagsChange.a() + " -> " + flagsChange.b());
        }
        syscalls.forEach(s -> lines.add(s.line()));
        return lines;
    }

    /** Compares A and B as the runtime on {@code nativeArch} applies them. */
    public static ProfileDiff between(ProfileDecisions a, ProfileDecisions b, Arch nativeArch) {
        Change<Verdict> defaults = a.defaultVerdict().equals(b.defaultVerdict())
                ? null : new Change<>(a.defaultVerdict(), b.defaultVerdict());
        List<Arch> archesA = a.effectiveArches(nativeArch);
        List<Arch> archesB = b.effectiveArches(nativeArch);
        List<Arch> both = archesA.stream().filter(archesB::contains).toList();
        Change<List<String>> flags = new TreeSet<>(a.flags()).equals(new TreeSet<>(b.flags()))
                ? null : new Change<>(a.flags(), b.flags());

        TreeSet<String> names = new TreeSet<>(a.explicit().keySet());
        names.addAll(b.explicit().keySet());
        List<SyscallChange> changes = new ArrayList<>();
        for (String name : names) {
            Treatment ta = a.treatment(name);
            Treatment tb = b.treatment(name);
            if (ta.equals(tb)) {
                continue;
            }
            Kind kind = !a.explicit().containsKey(name) ? Kind.ADDED
                    : !b.explicit().containsKey(name) ? Kind.REMOVED : Kind.CHANGED;
            List<Arch> where = both.stream().filter(arch -> SyscallTable.of(arch).names().contains(name)).toList();
            if (!where.isEmpty()) {
                changes.add(new SyscallChange(kind, name, where, ta, tb));
            }
        }
        return new ProfileDiff(defaults, archesA.stream().filter(x -> !archesB.contains(x)).toList(),
                archesB.stream().filter(x -> !archesA.contains(x)).toList(), flags, changes);
    }

    /** A map view for JSON output: every field with plain values. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("same", isEmpty());
        m.put("defaultAction", defaultChange == null ? null
                : Map.of("a", defaultChange.a().label(), "b", defaultChange.b().label()));
        m.put("archesOnlyInA", onlyInA.stream().map(Arch::kernelName).toList());
        m.put("archesOnlyInB", onlyInB.stream().map(Arch::kernelName).toList());
        m.put("flags", flagsChange == null ? null : Map.of("a", flagsChange.a(), "b", flagsChange.b()));
        List<Map<String, Object>> list = new ArrayList<>();
        for (SyscallChange s : syscalls) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("change", s.kind().name().toLowerCase(java.util.Locale.ROOT));
            e.put("name", s.name());
            e.put("arches", s.arches().stream().map(Arch::kernelName).toList());
            e.put("a", treatmentMap(s.a()));
            e.put("b", treatmentMap(s.b()));
            list.add(e);
        }
        m.put("syscalls", list);
        return m;
    }

    private static Map<String, Object> treatmentMap(Treatment t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", t.label());
        List<Map<String, Object>> clauses = new ArrayList<>();
        for (Clause c : t.clauses()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("action", c.verdict().label());
            cm.put("args", c.conditions().stream().map(arg -> {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("index", arg.index());
                am.put("op", arg.op().profileName());
                am.put("value", new java.math.BigInteger(Long.toUnsignedString(arg.value())));
                am.put("valueTwo", new java.math.BigInteger(Long.toUnsignedString(arg.valueTwo())));
                return am;
            }).toList());
            clauses.add(cm);
        }
        m.put("when", clauses);
        m.put("otherwise", t.fallback().label());
        return m;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
