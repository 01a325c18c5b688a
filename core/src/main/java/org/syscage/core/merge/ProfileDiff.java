package org.syscage.core.merge;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Equivalence;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.compiler.SyscallPolicy;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.Verdict;

/**
 * The semantic difference between two plain profiles A and B: what the filters runc would build
 * from them decide, per arch and syscall, not how the files are written. Both profiles are
 * compiled for the arches they both cover (syscage's compiler reproduces libseccomp decision for
 * decision) and compared syscall by syscall with {@link Equivalence}, which proves two filters
 * alike on a set of inputs or gives an input on which they differ: that input is the witness of
 * a reported change. So rule order, grouping of names, rules equal to the default, spellings
 * (SCMP_ACT_KILL vs KILL_THREAD, errnoRet 1 vs none) and conditions written differently that
 * match the same calls ({@code arg0 < 38} and {@code arg0 <= 37}) do not count.
 *
 * <p>The arches compared are those the runtime's filter covers: the native arch plus each listed
 * one. An arch covered by one profile only is reported as such (the other profile kills its
 * calls). On an arch with socketcall(2) or ipc(2), each sub-call counts as the syscall it runs
 * ({@code recv} on x86). Without the ENOSYS stub: numbers no arch table names get the default in
 * both filters, so they differ exactly when the defaults do.
 *
 * @param defaultChange the two defaults when they differ, else null
 * @param onlyInA       arches only A's filter covers
 * @param onlyInB       arches only B's filter covers
 * @param flagsChange   the two flag lists when they differ as sets, else null
 * @param syscalls      one entry per syscall and difference, with the arches where it applies, by name
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

    /** Which profile has a rule for the syscall: B only (added), A only (removed), or both or neither (changed). */
    public enum Kind {
        ADDED("+"), REMOVED("-"), CHANGED("~");

        private final String sign;

        Kind(String sign) {
            this.sign = sign;
        }

        public String sign() { return sign; }
    }

    /**
     * An input on which A and B decide differently.
     *
     * @param args    the six arguments; empty when neither filter looks at them for this syscall
     * @param matters the indexes of the arguments either profile's rules for the syscall test
     *                (a sub-call's first argument, its call number, left out), ascending
     * @param a       what A's filter returns
     * @param b       what B's filter returns
     */
    public record Witness(List<Long> args, List<Integer> matters, Verdict a, Verdict b) {
        public Witness {
            args = List.copyOf(args);
            matters = List.copyOf(new TreeSet<>(matters));
        }

        /**
         * {@code for arg0=39, arg2=0x10000} naming each argument that matters, {@code for any
         * arguments} when none does; "" when neither filter looks at the arguments at all.
         */
        String argumentText() {
            if (args.isEmpty()) {
                return "";
            }
            if (matters.isEmpty()) {
                return " for any arguments";
            }
            return " for " + matters.stream().map(i -> "arg" + i + "=" + Clause.number(args.get(i)))
                    .collect(Collectors.joining(", "));
        }

        /** Whether B decides this input more restrictively than A. */
        public boolean tightens() {
            return b.rank() < a.rank();
        }
    }

    /**
     * How A and B decide one syscall differently on some arches.
     *
     * @param via     the multiplexer the syscall goes through on these arches ({@code socketcall}), else null
     * @param a       A's rules for the syscall as written (context: the witness is what counts)
     * @param b       B's rules as written
     * @param witnesses inputs on which the two filters decide differently: one where B is
     *                more restrictive than A and one where it is less, for each way that exists
     *                (a change of {@code arg0 == 0} to {@code arg0 == 1} goes both ways), else
     *                one where they decide alike restrictively but differently (ERRNO(1), ERRNO(13))
     */
    public record SyscallChange(Kind kind, String name, String via, List<Arch> arches, Treatment a, Treatment b,
                                List<Witness> witnesses) {
        public SyscallChange {
            arches = List.copyOf(arches);
            witnesses = List.copyOf(witnesses);
        }

        /** The first witness (B more restrictive, if it is anywhere). */
        public Witness witness() {
            return witnesses.getFirst();
        }

        /**
         * {@code + accept4 (x86_64): ERRNO(1) -> ALLOW}, {@code ~ socket (x86_64): ALLOW -> ERRNO(1) for
         * arg0=39 (as written: ... -> ...)}, {@code ~ personality (x86_64): ALLOW -> ERRNO(1) for arg0=0;
         * ERRNO(1) -> ALLOW for arg0=1 (as written: ...)}, {@code + recv (x86, through socketcall): ERRNO(1) -> ALLOW}.
         */
        public String line() {
            StringBuilder s = new StringBuilder(kind.sign()).append(' ').append(name).append(" (")
                    .append(arches.stream().map(Arch::kernelName).collect(Collectors.joining(", ")))
                    .append(via == null ? "" : ", through " + via).append("): ")
                    .append(witnesses.stream().map(w -> w.a().label() + " -> " + w.b().label() + w.argumentText())
                            .collect(Collectors.joining("; ")));
            if (a.isConditional() || b.isConditional()) {
                s.append(" (as written: ").append(a.label()).append(" -> ").append(b.label()).append(')');
            }
            return s.toString();
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
        List<SyscallChange> changes = both.isEmpty() ? List.of() : syscallChanges(a, b, nativeArch, both);
        return new ProfileDiff(defaults, archesA.stream().filter(x -> !archesB.contains(x)).toList(),
                archesB.stream().filter(x -> !archesA.contains(x)).toList(), flags, changes);
    }

    /** The filter runc would build from a plain profile, for exactly {@code arches} (native first). */
    static Compiler.Result compile(Profile profile, Arch nativeArch, List<Arch> arches) {
        return Compiler.compile(profile, CompileOptions.runc(nativeArch).withArches(arches).withVerify(false));
    }

    private static List<SyscallChange> syscallChanges(ProfileDecisions a, ProfileDecisions b, Arch nativeArch,
                                                      List<Arch> arches) {
        Compiler.Result ca = compile(a.profile(), nativeArch, arches);
        Compiler.Result cb = compile(b.profile(), nativeArch, arches);
        // One line per name, way and difference: arches where the same witness tells them apart share it.
        Map<List<Object>, SyscallChange> grouped = new LinkedHashMap<>();
        for (Arch arch : arches) {
            for (SyscallCells.Cell cell : SyscallCells.of(arch)) {
                if (!namedByEither(a, b, cell)) {
                    continue; // both give it their default: the defaultAction line says how they differ
                }
                String name = cell.name();
                List<Witness> w = differences(ca, cb, cell, matters(a, b, cell));
                if (w.isEmpty()) {
                    continue;
                }
                Kind kind = !a.explicit().containsKey(name) && b.explicit().containsKey(name) ? Kind.ADDED
                        : a.explicit().containsKey(name) && !b.explicit().containsKey(name) ? Kind.REMOVED : Kind.CHANGED;
                SyscallChange change = new SyscallChange(kind, name, cell.via(), List.of(arch), a.treatment(name),
                        b.treatment(name), w);
                List<Object> key = List.of(kind, name, String.valueOf(cell.via()), w);
                grouped.merge(key, change, (old, added) -> new SyscallChange(old.kind(), old.name(), old.via(),
                        concat(old.arches(), added.arches()), old.a(), old.b(), old.witnesses()));
            }
        }
        List<SyscallChange> out = new ArrayList<>(grouped.values());
        out.sort(java.util.Comparator.comparing(SyscallChange::name)
                .thenComparing(c -> c.via() == null ? "" : c.via())
                .thenComparing(c -> arches.indexOf(c.arches().getFirst())));
        return out;
    }

    private static boolean namedByEither(ProfileDecisions a, ProfileDecisions b, SyscallCells.Cell cell) {
        for (String name : cell.via() == null ? List.of(cell.name()) : List.of(cell.name(), cell.via())) {
            if (a.explicit().containsKey(name) || b.explicit().containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<Arch> concat(List<Arch> first, List<Arch> second) {
        List<Arch> all = new ArrayList<>(first);
        second.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return all;
    }

    /**
     * The arguments that matter for a cell: those A's or B's rules for its name test (and, for a
     * sub-call, the multiplexer's rules), less a sub-call's first argument, its call number.
     */
    private static List<Integer> matters(ProfileDecisions a, ProfileDecisions b, SyscallCells.Cell cell) {
        TreeSet<Integer> out = new TreeSet<>();
        for (ProfileDecisions side : List.of(a, b)) {
            for (String name : cell.via() == null ? List.of(cell.name()) : List.of(cell.name(), cell.via())) {
                side.treatment(name).clauses().forEach(c -> c.conditions().forEach(arg -> out.add(arg.index())));
            }
        }
        if (cell.subCall()) {
            out.remove(0);
        }
        return List.copyOf(out);
    }

    /**
     * Where A's and B's filters decide one cell differently: directly from the compiled specs
     * when neither looks at the arguments; else by {@link Equivalence} on the programs, and then
     * by {@link DecisionOrder} once each way, so that a change that tightens some calls and
     * loosens others shows both. Empty when they decide alike.
     */
    static List<Witness> differences(Compiler.Result a, Compiler.Result b, SyscallCells.Cell cell, List<Integer> matters) {
        Optional<SyscallPolicy> pa = a.spec().dispatch(cell.arch()).map(d -> d.policy(cell.nr()));
        Optional<SyscallPolicy> pb = b.spec().dispatch(cell.arch()).map(d -> d.policy(cell.nr()));
        if (!cell.subCall() && pa.orElseThrow() instanceof SyscallPolicy.Fixed fa
                && pb.orElseThrow() instanceof SyscallPolicy.Fixed fb) {
            return fa.action() == fb.action() ? List.of() : List.of(new Witness(List.of(), List.of(),
                    Verdict.ofFilterReturn(fa.action()), Verdict.ofFilterReturn(fb.action())));
        }
        Equivalence.Verdict v = Equivalence.compare(a.program(), b.program(), cell.domain());
        if (v.difference().isEmpty()) {
            return List.of();
        }
        List<Witness> out = new ArrayList<>();
        // B below A (tightens), then A below B (loosens).
        DecisionOrder.whereBelow(b.program(), a.program(), cell.domain()).ifPresent(in -> out.add(witness(a, b, cell, in, matters)));
        DecisionOrder.whereBelow(a.program(), b.program(), cell.domain()).ifPresent(in -> out.add(witness(a, b, cell, in, matters)));
        if (out.isEmpty()) { // alike restrictive, still different: ERRNO(1) and ERRNO(13)
            out.add(witness(a, b, cell, v.difference().get().input(), matters));
        }
        return out;
    }

    private static Witness witness(Compiler.Result a, Compiler.Result b, SyscallCells.Cell cell, SeccompData input,
                                   List<Integer> matters) {
        return new Witness(args(input), matters, Verdict.ofFilterReturn(Emulator.decide(a.program(), input, cell.arch())),
                Verdict.ofFilterReturn(Emulator.decide(b.program(), input, cell.arch())));
    }

    private static List<Long> args(SeccompData input) {
        List<Long> args = new ArrayList<>();
        for (long v : input.args()) {
            args.add(v);
        }
        return args;
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
            e.put("change", s.kind().name().toLowerCase(Locale.ROOT));
            e.put("name", s.name());
            e.put("via", s.via());
            e.put("arches", s.arches().stream().map(Arch::kernelName).toList());
            List<Map<String, Object>> witnesses = new ArrayList<>();
            for (Witness witness : s.witnesses()) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("args", witness.args().isEmpty() ? null : witness.args().stream().map(ProfileDiff::unsigned).toList());
                w.put("matters", witness.args().isEmpty() ? null : witness.matters());
                w.put("a", witness.a().label());
                w.put("b", witness.b().label());
                witnesses.add(w);
            }
            e.put("witnesses", witnesses);
            e.put("a", treatmentMap(s.a()));
            e.put("b", treatmentMap(s.b()));
            list.add(e);
        }
        m.put("syscalls", list);
        return m;
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
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
                am.put("value", unsigned(arg.value()));
                am.put("valueTwo", unsigned(arg.valueTwo()));
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
