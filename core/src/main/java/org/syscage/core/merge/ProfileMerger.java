package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.SpecBuilder;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;

/**
 * The union of plain profiles: a call gets through the result if it gets through any input.
 * This is what the Security Profiles Operator's merger does for recorded profiles, and the
 * rules below follow it:
 * <ul>
 *   <li>the default is the least restrictive of the inputs' defaults (in {@link Verdict}'s
 *       order; on equal rank, the first input's errno);
 *   <li>per syscall, every clause of every input is kept, its verdict raised to what the other
 *       inputs give the same calls (their clause with identical conditions, else their
 *       fallback); a syscall's fallback is the least restrictive of the inputs' fallbacks;
 *   <li>when the raised clauses of one syscall disagree, they all take the least restrictive of
 *       them, because libseccomp does not promise which of two overlapping clauses wins; clauses
 *       raised just to the fallback are dropped when the others let more through (the fallback
 *       gives them anyway), and when the others restrict, the restrictions cannot be kept safely
 *       and the syscall gets the fallback;
 *   <li>conditions cannot be kept when a syscall's fallback differs from the result's default
 *       (a profile cannot say "these conditions, else X" for one syscall): the syscall is then
 *       allowed as its least restrictive verdict, unconditionally;
 *   <li>architectures and flags are unioned, in order of appearance; the listener, base profile
 *       and metadata come from the first input that has them.
 * </ul>
 * Where the exact union cannot be written the result lets more through, never less; each such
 * case is reported as a note. When every input gives each syscall's clauses one verdict and the
 * defaults agree, the union is exact.
 */
public final class ProfileMerger {
    private ProfileMerger() {}

    /** A merged profile and notes on where it lets more through than the inputs' exact union. */
    public record Result(Profile profile, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /** Merges plain profiles (at least one) for a runtime on this machine's arch. */
    public static Result merge(List<Profile> profiles) {
        return merge(profiles, Arch.host());
    }

    /**
     * Merges plain profiles (at least one); Docker-format ones must be resolved first. Whether one
     * input's rules for a syscall already cover the others' is judged on the arches of the
     * filter runc would build on {@code nativeArch}: that arch and those the inputs list.
     */
    public static Result merge(List<Profile> profiles, Arch nativeArch) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        List<ProfileDecisions> inputs = profiles.stream().map(ProfileDecisions::of).toList();
        List<String> notes = new ArrayList<>();

        Verdict byDefault = inputs.stream().map(ProfileDecisions::defaultVerdict).reduce(Verdict::join).orElseThrow();
        LinkedHashSet<String> defaults = new LinkedHashSet<>();
        inputs.forEach(d -> defaults.add(d.defaultVerdict().label()));
        if (defaults.size() > 1) {
            notes.add("the default actions differ (" + String.join(", ", defaults) + "): the union keeps the "
                    + "least restrictive, " + byDefault.label());
        }
        LinkedHashSet<Arch> arches = new LinkedHashSet<>();
        LinkedHashSet<String> flags = new LinkedHashSet<>();
        inputs.forEach(d -> {
            arches.addAll(d.architectures());
            flags.addAll(d.flags());
        });

        TreeSet<String> names = new TreeSet<>();
        inputs.forEach(d -> names.addAll(d.explicit().keySet()));
        Map<String, Integer> keptFrom = Coverage.of(profiles, inputs, byDefault, nativeArch, List.copyOf(arches))
                .map(c -> c.keptRules(names)).orElse(Map.of());
        Map<String, Treatment> merged = new TreeMap<>();
        Map<String, Integer> verbatim = new TreeMap<>();
        for (String name : names) {
            Integer from = keptFrom.get(name);
            if (from == null) {
                from = sameEverywhere(inputs, name, byDefault);
            }
            Treatment t = from != null ? inputs.get(from).treatment(name)
                    : mergeSyscall(name, inputs.stream().map(d -> d.treatment(name)).toList(), byDefault, notes);
            if (from != null && t.clauses().stream().map(Clause::verdict).distinct().count() > 1) {
                // Where clauses with different actions overlap, libseccomp's choice depends on
                // the order the input gives them in: keep its rules as written.
                verbatim.put(name, from);
            } else if (!t.equals(Treatment.always(byDefault))) {
                merged.put(name, t);
            }
        }
        List<SyscallRule> rules = new ArrayList<>(rules(merged));
        rules.addAll(keptRules(profiles, verbatim));

        Profile listener = profiles.stream().filter(p -> p.listenerPath() != null).findFirst().orElse(profiles.get(0));
        String base = profiles.stream().map(Profile::baseProfileName).filter(Objects::nonNull).findFirst().orElse(null);
        var metadata = profiles.stream().map(Profile::metadata).filter(Objects::nonNull).findFirst().orElse(null);
        Profile result = new Profile(byDefault.action(), byDefault.errnoRet(), List.copyOf(arches), List.of(),
                List.copyOf(flags), listener.listenerPath(), listener.listenerMetadata(), rules, base, metadata);
        notes.addAll(lostNumberLoads(result, nativeArch, List.copyOf(arches)));
        return new Result(result, notes);
    }

    /**
     * Where libseccomp's program for the merged profile compares the arch value instead of the
     * syscall number (a quirk that depends on which rule it sorts first, so on the rules the
     * union kept): every syscall of that arch then gets the default action, whatever the inputs
     * said. The user must know; no reordering of rules can always avoid it.
     */
    private static List<String> lostNumberLoads(Profile merged, Arch nativeArch, List<Arch> arches) {
        try {
            // libseccomp's meaning is enough: no program of syscage's own is needed for this
            return SpecBuilder.build(merged, CompileOptions.runc(nativeArch).withArches(arches)).lostNumberLoads().stream()
                    .map(a -> "the merged profile: " + SpecBuilder.lostNumberLoadWarning(a))
                    .toList();
        } catch (RuntimeException e) {
            return List.of(); // a profile runc refuses: the command that uses it says why
        }
    }

    /** Convenience for two or more profiles. */
    public static Result merge(Profile first, Profile... more) {
        List<Profile> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return merge(all);
    }

    /**
     * The first input whose default is the result's when every input reads the syscall alike
     * (its union is then any of them, also where no arch of the filter has it), else null.
     */
    private static Integer sameEverywhere(List<ProfileDecisions> inputs, String name, Verdict byDefault) {
        Treatment first = inputs.getFirst().treatment(name);
        if (inputs.stream().anyMatch(d -> !d.treatment(name).equals(first))) {
            return null;
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).defaultVerdict().equals(byDefault)) {
                return i;
            }
        }
        return null;
    }

    /**
     * The rules of the syscalls whose union is one input's own rules, as that input wrote them
     * and in its order: libseccomp then builds the same decisions for them as for the input.
     */
    private static List<SyscallRule> keptRules(List<Profile> profiles, Map<String, Integer> keptFrom) {
        List<SyscallRule> rules = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            int input = i;
            for (SyscallRule r : profiles.get(i).syscalls()) {
                List<String> kept = r.names().stream().filter(n -> Integer.valueOf(input).equals(keptFrom.get(n))).toList();
                if (!kept.isEmpty()) {
                    rules.add(r.withNames(kept));
                }
            }
        }
        return rules;
    }

    private static Treatment mergeSyscall(String name, List<Treatment> ts, Verdict byDefault, List<String> notes) {
        Verdict fallback = ts.stream().map(Treatment::fallback).reduce(Verdict::join).orElseThrow();
        Map<List<ArgCondition>, Verdict> raised = new LinkedHashMap<>();
        for (int i = 0; i < ts.size(); i++) {
            for (Clause c : ts.get(i).clauses()) {
                Verdict v = c.verdict();
                for (int j = 0; j < ts.size(); j++) {
                    if (j != i) {
                        v = Verdict.join(v, ts.get(j).at(c.conditions()));
                    }
                }
                raised.merge(c.conditions(), v, Verdict::join);
            }
        }
        // Clauses are sorted by rank against the fallback: what passes is decided by rank;
        // ERRNO(1) next to ERRNO(38) is only a matter of which errno.
        int base = fallback.rank();
        boolean above = raised.values().stream().anyMatch(v -> v.rank() > base);
        boolean below = raised.values().stream().anyMatch(v -> v.rank() < base);
        boolean level = raised.values().stream().anyMatch(v -> v.rank() == base);
        if (above) {
            // Clauses raised only to the fallback's rank add nothing where the others give more.
            raised.values().removeIf(v -> v.rank() == base);
        } else if (below && level) {
            // Restrictions next to clauses that the other profiles let through as far as the
            // fallback: where they overlap the restriction could win, so none can be kept.
            notes.add(name + ": its restricting rules (" + labels(raised.values()) + ") may overlap rules that other "
                    + "profiles let through, so they are dropped and " + name + " gets " + fallback.label());
            return Treatment.always(fallback);
        } else {
            raised.values().removeIf(fallback::equals);
            if (raised.isEmpty()) {
                return Treatment.always(fallback);
            }
        }
        Verdict highest = raised.values().stream().reduce(Verdict::join).orElseThrow();
        if (raised.values().stream().anyMatch(v -> v.rank() != highest.rank())) {
            notes.add(name + ": its rules have different actions (" + labels(raised.values()) + ") and may overlap, "
                    + "so all take the least restrictive, " + highest.label());
            raised.replaceAll((conds, v) -> highest);
        }
        if (fallback.rank() != byDefault.rank()) {
            Verdict widest = Verdict.join(highest, fallback);
            notes.add(name + ": argument conditions dropped (a rule cannot say \"these conditions, otherwise "
                    + fallback.label() + "\" under default " + byDefault.label() + "), allowed as " + widest.label());
            return Treatment.always(widest);
        }
        // Same rank as the default: the result's default stands in for the fallback (only an errno may differ).
        List<Clause> clauses = new ArrayList<>();
        raised.forEach((conds, v) -> clauses.add(new Clause(conds, v)));
        return new Treatment(clauses, byDefault);
    }

    private static String labels(Iterable<Verdict> verdicts) {
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        verdicts.forEach(v -> labels.add(v.label()));
        return String.join(", ", labels);
    }

    /**
     * Profile rules for treatments: one rule per unconditional verdict naming all its syscalls
     * (least restrictive first), then one rule per clause naming the syscalls that share it.
     */
    static List<SyscallRule> rules(Map<String, Treatment> treatments) {
        Map<Verdict, SortedSet<String>> plain = new TreeMap<>(
                Comparator.comparingInt(Verdict::rank).reversed().thenComparingInt(Verdict::value));
        Map<Clause, SortedSet<String>> conditional = new LinkedHashMap<>();
        treatments.forEach((name, t) -> {
            if (t.isConditional()) {
                t.clauses().forEach(c -> conditional.computeIfAbsent(c, k -> new TreeSet<>()).add(name));
            } else {
                plain.computeIfAbsent(t.fallback(), k -> new TreeSet<>()).add(name);
            }
        });
        List<SyscallRule> rules = new ArrayList<>();
        plain.forEach((v, names) -> rules.add(rule(names, v, List.of())));
        conditional.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Clause, SortedSet<String>>, String>comparing(e -> e.getValue().first())
                        .thenComparing(Map.Entry::getKey, Clause.BY_CONDITIONS))
                .forEach(e -> rules.add(rule(e.getValue(), e.getKey().verdict(), e.getKey().conditions())));
        return rules;
    }

    private static SyscallRule rule(SortedSet<String> names, Verdict v, List<ArgCondition> args) {
        return new SyscallRule(List.copyOf(names), v.action(), v.errnoRet(), args, null, Filter.EMPTY, Filter.EMPTY);
    }
}
