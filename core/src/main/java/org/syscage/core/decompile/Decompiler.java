package org.syscage.core.decompile;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Equivalence.Domain;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.bpf.SymbolicPaths;
import org.syscage.core.bpf.SymbolicPaths.Outside;
import org.syscage.core.bpf.SymbolicPaths.Path;
import org.syscage.core.bpf.SymbolicPaths.Returned;
import org.syscage.core.bpf.SymbolicPaths.WordValues;
import org.syscage.core.bpf.Verifier;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.Multiplexed;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Turns a seccomp filter - libseccomp's, hand-written, dumped from a running program - back into
 * a profile whose compiled filter decides the same for every arch it lists, every syscall number
 * and every argument value; or says, path by path, what no profile can say.
 *
 * <h2>How</h2>
 * <ol>
 *   <li><b>Arches.</b> The filter runs symbolically ({@link SymbolicPaths}) on the arch values no
 *       architecture has: if every path returns one decision, that is the filter's bad-arch
 *       action. An arch belongs in the profile when some of its syscalls get anything else
 *       (x86_64 and x32 share an AUDIT_ARCH; numbers with bit 30 set are x32's). {@code -a}
 *       chooses them instead.</li>
 *   <li><b>Syscalls.</b> For each listed arch and each number its syscall table names, the
 *       filter runs with that number fixed: its paths are boxes of argument values (64 bits
 *       wide, or the low 32 bits on 32-bit arches) with a decision each. The numbers without a
 *       name run as one more domain: they must all get one decision, which becomes the default
 *       action, since a profile cannot name them.</li>
 *   <li><b>Rules.</b> Per syscall, the boxes of each decision other than the default are merged
 *       and written as conditions, one per argument, so that runc keeps each rule whole and
 *       rules with different decisions never overlap (libseccomp's way of combining several
 *       rules then cannot matter). Per name, one rule set must fit every arch the name exists on
 *       (with libseccomp's truncation of values on 32-bit arches); socket and IPC rules must also
 *       fit socketcall/ipc where libseccomp adds them there.</li>
 *   <li><b>Proof.</b> The profile is compiled back (by syscage's compiler, which reproduces
 *       libseccomp 2.5's generator, quirks included) and proved equivalent to the filter over every
 *       input of its arches ({@link RoundTrip}); a syscall the compiler gets wrong is written in a
 *       plainer form and the proof runs again ({@link RuleSynthesis.Form}). Independently, the
 *       profile is run as runc and libseccomp read it against the filter on the witness of every
 *       path ({@link WitnessCheck}).</li>
 * </ol>
 * Every step before the proof (merging, fitting rules to boxes, across arches) is exact set
 * algebra ({@link ValueSet}), not sampling. docs/decompile.md has the whole story.
 */
public final class Decompiler {
    private final BpfProgram program;
    private final boolean littleEndian;
    private final List<Arch> requested;
    private final RoundTrip.ProfileCompiler compiler;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final FindingGroups groups = new FindingGroups();
    /** nr -1 as an unsigned word: no syscall, what a tracer leaves when it skips one. */
    private static final long SKIPPED_CALL = 0xffffffffL;
    private final List<Arch> skippedCallApart = new ArrayList<>();
    /** Syscall names some finding is about: the check leaves them out. */
    private final Set<String> excusedNames = new java.util.HashSet<>();
    /** Arches whose unnamed numbers a finding is about. */
    private final Set<Arch> excusedUnnamed = new java.util.HashSet<>();
    /** One explainer per arch: each disassembles the whole program, so it is made once, not per path. */
    private final Map<Arch, PathExplainer> explainers = new java.util.HashMap<>();
    /** Per syscall name, its functions on the arches where a profile can say them. */
    private final Map<String, List<SyscallFunction>> usableByName = new TreeMap<>();
    private final Exploration explorer;
    private final WitnessCheck witnesses;

    private Decompiler(BpfProgram program, boolean littleEndian, List<Arch> requested, RoundTrip.ProfileCompiler compiler) {
        this.program = program;
        this.littleEndian = littleEndian;
        this.requested = List.copyOf(new LinkedHashSet<>(requested));
        this.compiler = compiler;
        this.explorer = new Exploration(program, littleEndian);
        this.witnesses = new WitnessCheck(program, littleEndian);
    }

    /**
     * Decompiles {@code program}, read in the given byte order.
     *
     * @param arches the arches to write the profile for; empty to take those the filter treats
     *               apart from foreign ones
     * @throws InputException when the kernel would refuse the program, or an arch of the other
     *         byte order is asked for
     */
    public static Decompilation decompile(BpfProgram program, boolean littleEndian, List<Arch> arches) {
        return decompile(program, littleEndian, arches, SyscageCompiler.INSTANCE);
    }

    /**
     * Decompiles, then compiles the profile back with {@code compiler} and proves the result
     * equivalent to {@code program} on every input of the listed arches
     * ({@link Decompilation#recompiled()}); syscalls the compiler gets wrong in the readable form
     * are written again in the plainest one (see {@link RuleSynthesis#oneRangePerArgument}).
     *
     * @param compiler null to skip that step ({@link #decompile(BpfProgram, boolean, List)} uses
     *                 syscage's compiler)
     */
    public static Decompilation decompile(BpfProgram program, boolean littleEndian, List<Arch> arches,
                                          RoundTrip.ProfileCompiler compiler) {
        Verifier.verify(program);
        for (Arch a : arches) {
            if (a.littleEndian() != littleEndian) {
                throw new InputException(a + " is " + (a.littleEndian() ? "little" : "big")
                        + "-endian, expected arches of the filter's byte order");
            }
        }
        return new Decompiler(program, littleEndian, arches, compiler).run();
    }

    private Decompilation run() {
        long start = System.nanoTime();
        try {
            return build(start);
        } catch (Exploration.GaveUp | ValueSet.TooLarge e) {
            findings.add(new Finding(Finding.Kind.TOO_COMPLEX, "the filter is too intricate to decompile: "
                    + e.getMessage(), List.of()));
            Profile empty = Profile.of(org.syscage.core.profile.Action.KILL_PROCESS, requested, List.of());
            return new Decompilation(empty, Optional.empty(), findings, notes, List.of(), Optional.empty(),
                    new Decompilation.Stats(explorer.paths(), 0, 0, 0, witnesses.inputs(), millisSince(start)),
                    Set.of(), Set.of());
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private Decompilation build(long start) {
        ArchSurvey survey = ArchSurvey.of(explorer, requested);
        List<Arch> arches = survey.arches();
        Optional<Decision> badArch = survey.badArch();
        notes.addAll(survey.notes());
        findings.addAll(survey.findings());
        noteLossyReturns();

        Map<Arch, Map<String, SyscallFunction>> functions = new LinkedHashMap<>();
        Map<Arch, List<Path>> unnamed = new LinkedHashMap<>();
        int syscalls = 0;
        for (Arch a : arches) {
            TreeMap<Integer, String> names = Exploration.named(a);
            Map<String, SyscallFunction> byName = new TreeMap<>();
            Domain region = Exploration.regions(a).getFirst();
            for (var e : names.entrySet()) {
                byName.put(e.getValue(), SyscallFunction.of(a, e.getKey(), explorer.explore(region.withNr(e.getKey()))));
            }
            syscalls += names.size();
            functions.put(a, byName);
            unnamed.put(a, explorer.unnamed(a, names.keySet()));
        }

        Decision dflt = chooseDefault(functions, unnamed, badArch);
        if (!dflt.expressible()) {
            findings.add(new Finding(Finding.Kind.INEXPRESSIBLE_ACTION, "the default decision, " + dflt
                    + ", is no profile action (" + dflt.whyInexpressible() + ")", List.of()));
        }
        for (var e : unnamed.entrySet()) {
            checkUnnamed(e.getKey(), e.getValue(), dflt, Exploration.named(e.getKey()).keySet());
        }

        Map<String, List<Rule>> rules = chooseRules(functions, dflt);
        for (Arch a : arches) {
            checkMultiplexers(a, functions.get(a), rules, dflt);
        }
        Optional<RoundTrip.Outcome> recompiled = Optional.empty();
        // Only an exact profile is claimed to decide alike; a partial one is not compiled back.
        boolean exact = findings.isEmpty() && groups.isEmpty() && excusedNames.isEmpty() && excusedUnnamed.isEmpty();
        if (compiler != null && !arches.isEmpty() && exact) {
            recompiled = Optional.of(recompile(rules, dflt, arches, badArch, functions));
        }
        Profile profile = profile(dflt, arches, rules);
        List<String> problems = witnesses.run(profile, functions, unnamed, dflt, excusedNames, excusedUnnamed);
        if (!problems.isEmpty()) {
            findings.add(new Finding(Finding.Kind.CHECK_FAILED, "the profile decides otherwise than the filter on "
                    + problems.size() + " checked inputs", problems.subList(0, Math.min(10, problems.size()))));
        }
        findings.addAll(groups.findings());

        int ruleCount = rules.values().stream().mapToInt(List::size).sum();
        int ruled = (int) rules.values().stream().filter(r -> !r.isEmpty()).count();
        return new Decompilation(profile, badArch, findings, notes, skippedCallApart, recompiled,
                new Decompilation.Stats(explorer.paths(), syscalls, ruled, ruleCount, witnesses.inputs(), millisSince(start)),
                excusedNames, excusedUnnamed);
    }

    /**
     * Compiles the profile back and proves it equivalent to the filter. Where a compiler that
     * reproduces libseccomp 2.5's code generator decides otherwise for some syscall (it can
     * miscompile several range conditions on one argument), that syscall's rules are written again
     * in EQ and MASKED_EQ conditions only, and the check runs again. Updates {@code rules}.
     */
    private RoundTrip.Outcome recompile(Map<String, List<Rule>> rules, Decision dflt, List<Arch> arches,
                                        Optional<Decision> badArch, Map<Arch, Map<String, SyscallFunction>> functions) {
        Map<String, RuleSynthesis.Form> forms = new HashMap<>();
        while (true) {
            Profile profile = profile(dflt, arches, rules);
            BpfProgram recompiled;
            try {
                recompiled = compiler.compile(profile, badArch.orElse(null));
            } catch (org.syscage.core.compiler.CompileException e) {
                findings.add(new Finding(Finding.Kind.TOO_COMPLEX, "the profile does not compile: " + e.getMessage(),
                        List.of()));
                return new RoundTrip.Outcome(Optional.empty(), false, 0);
            }
            if (!Verifier.accepts(recompiled)) {
                findings.add(new Finding(Finding.Kind.TOO_COMPLEX, "compiled, the profile makes a filter the kernel "
                        + "refuses: " + String.join("; ", Verifier.check(recompiled)), List.of()));
                return new RoundTrip.Outcome(Optional.empty(), false, 0);
            }
            RoundTrip.Outcome outcome = RoundTrip.compare(program, recompiled, arches, skippedCallApart);
            if (outcome.difference().isEmpty()) {
                return outcome;
            }
            String name = nameAt(outcome.difference().get().input(), arches, functions);
            RuleSynthesis.Form tried = forms.getOrDefault(name, RuleSynthesis.Form.READABLE);
            if (name == null || !usableByName.containsKey(name) || tried == RuleSynthesis.Form.BLOCKS) {
                findings.add(new Finding(Finding.Kind.CHECK_FAILED, "compiled back, the profile decides otherwise "
                        + "than the filter: " + outcome.difference().get(), List.of()));
                return outcome;
            }
            // The next plainer form: one range condition per argument, then EQ and MASKED_EQ only.
            RuleSynthesis.Form next = RuleSynthesis.Form.values()[tried.ordinal() + 1];
            forms.put(name, next);
            Choice choice = choose(usableByName.get(name), dflt, next);
            if (choice.tooMany() > 0) {
                // The plainer form is too long: the profile is partial now, and not claimed exact.
                tooManyRules(name, usableByName.get(name).getFirst().arch(), choice.tooMany());
                rules.remove(name);
                return outcome;
            }
            if (choice.rules() == null || !choice.misfits().isEmpty()) {
                excusedNames.add(name);
                findings.add(new Finding(Finding.Kind.MISCOMPILED, name + ": the compiler (as libseccomp 2.5 does) "
                        + "miscompiles its rules, and the plainer forms it compiles right do not fit every arch",
                        List.of("differs on " + outcome.difference().get())));
                return outcome;
            }
            rules.put(name, choice.rules());
            notes.removeIf(n -> n.startsWith(name + ": written with"));
            notes.add(name + ": written with " + (next == RuleSynthesis.Form.BLOCKS ? "EQ and MASKED_EQ conditions only"
                    : "one range condition per argument") + ", since the compiler (as libseccomp 2.5 does) "
                    + "miscompiled its rules in a more readable form");
        }
    }

    /** The syscall name an input is for, on the listed arch its arch word and number pick. */
    private static String nameAt(SeccompData input, List<Arch> arches, Map<Arch, Map<String, SyscallFunction>> functions) {
        boolean x32 = Integer.compareUnsigned(input.nr(), Arch.X32_SYSCALL_BIT) >= 0 && input.nr() != -1;
        for (Arch a : arches) {
            boolean sameAbi = a == Arch.X32 ? x32 : a != Arch.X86_64 || !x32;
            if (a.auditArch() != input.arch() || !sameAbi) {
                continue;
            }
            for (var e : functions.get(a).entrySet()) {
                if (e.getValue().nr() == input.nr()) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private void noteLossyReturns() {
        for (int i = 0; i < program.size(); i++) {
            Insn in = program.get(i);
            if (in.code() == (BPF_RET | BPF_K)) {
                String loss = Decision.lossNote(in.k());
                if (loss != null) {
                    notes.add(String.format("instruction %04d returns %s; the profile says %s",
                            i, loss, Decision.ofReturn(in.k())));
                }
            }
        }
    }

    /**
     * The default action: what the numbers without a name get, when that is one decision on
     * every arch; otherwise the decision most syscall numbers make for most of their inputs.
     * Either way a decision the filter returns: a default it never gives would make a partial
     * profile decide otherwise than the filter for syscalls no finding is about.
     */
    private static Decision chooseDefault(Map<Arch, Map<String, SyscallFunction>> functions,
                                          Map<Arch, List<Path>> unnamed, Optional<Decision> badArch) {
        // Unnamed numbers that agree on an arch must get the default (a profile cannot name them);
        // otherwise each number votes for its main decision, which then needs the fewest rules.
        Map<Decision, Long> votes = new HashMap<>();
        for (List<Path> paths : unnamed.values()) {
            Optional<Decision> uniform = Exploration.uniform(paths);
            uniform.ifPresent(d -> votes.merge(d, 1_000_000L, Long::sum));
            if (uniform.isEmpty()) {
                mainDecision(paths).ifPresent(d -> votes.merge(d, 1L, Long::sum));
            }
        }
        for (Map<String, SyscallFunction> byName : functions.values()) {
            for (SyscallFunction f : byName.values()) {
                mainDecision(f.pieces().stream().<Path>map(Piece::path).toList()).ifPresent(d -> votes.merge(d, 1L, Long::sum));
            }
        }
        return votes.entrySet().stream()
                .max(Map.Entry.<Decision, Long>comparingByValue().thenComparing(e -> e.getKey().toString(),
                        Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElse(badArch.orElse(new Decision(org.syscage.core.profile.Action.KILL_PROCESS, 0)));
    }

    /**
     * The decision the paths return for the most inputs (every word of seccomp_data counted, the
     * instruction pointer too: a filter that kills at one address allows nearly everything),
     * empty when no path returns.
     */
    static Optional<Decision> mainDecision(List<Path> paths) {
        Map<Decision, Double> share = new HashMap<>();
        for (Path p : paths) {
            if (p instanceof Returned r) {
                share.merge(Decision.ofReturn(r.value()), inputs(r), Double::sum);
            }
        }
        return share.entrySet().stream()
                .max(Map.Entry.<Decision, Double>comparingByValue().thenComparing(e -> e.getKey().toString(),
                        Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
    }

    /**
     * About how many inputs take the path: the product of each word's count of values, a masked
     * test taken to halve its word (an estimate is enough to pick a default; 2^512 fits a double).
     */
    private static double inputs(Path p) {
        double n = 1;
        for (WordValues w : p.words()) {
            double values = 0;
            for (SymbolicPaths.Range r : w.ranges()) {
                values += r.high() - r.low() + 1;
            }
            n *= Math.max(1, values / (1L << Math.min(31, w.maskedTests().size())));
        }
        return n;
    }

    private void checkUnnamed(Arch a, List<Path> paths, Decision dflt, Set<Integer> named) {
        // Keyed by decision and the other words' values too: "ERRNO(1) for 999" alone would be
        // untrue when only some arguments, or one instruction pointer, get it.
        record Apart(Decision decision, String when) {
        }
        Map<Apart, ValueSet> numbers = new LinkedHashMap<>();
        for (Path p : paths) {
            ValueSet nrs = ValueSet.ofWord(p.words().get(SECCOMP_DATA_NR / 4));
            switch (p) {
                case Returned r -> {
                    Decision d = Decision.ofReturn(r.value());
                    if (!d.equals(dflt)) {
                        numbers.merge(new Apart(d, otherWords(r)), nrs, ValueSet::union);
                    }
                }
                case Outside o -> {
                    outside(a, o, "numbers without a name");
                    excusedUnnamed.add(a);
                }
            }
        }
        ValueSet apart = ValueSet.none(32);
        for (ValueSet nrs : numbers.values()) {
            apart = apart.union(nrs);
        }
        if (apart.sameAs(ValueSet.point(32, SKIPPED_CALL))) {
            skippedCallApart.add(a);
            notes.add(a + ": the filter gives nr -1 (what the kernel sees for a syscall a tracer skipped) "
                    + String.join(" or ", numbers.keySet().stream().map(k -> k.decision().toString()).distinct().toList())
                    + "; a profile gives it the default action, " + dflt);
            return;
        }
        List<String> details = new ArrayList<>();
        numbers.forEach((k, nrs) -> details.add(k.decision() + " for " + NumberText.describeNumbers(nrs, named)
                + k.when() + NumberText.enosysHint(k.decision(), nrs)));
        if (!details.isEmpty()) {
            excusedUnnamed.add(a);
            findings.add(new Finding(Finding.Kind.UNNAMED_NUMBERS, a + ": syscall numbers no name stands for do not all get "
                    + "the default action, " + dflt + "; a profile can only name syscalls",
                    details));
        }
    }

    /** ", when args[0] (low) in 0x1" for the words a path narrows besides the arch and the number; or "". */
    private String otherWords(Returned r) {
        List<String> parts = new ArrayList<>();
        for (int w = 0; w < r.words().size(); w++) {
            if (w != SECCOMP_DATA_NR / 4 && w != SECCOMP_DATA_ARCH / 4 && !r.words().get(w).isEverything()) {
                parts.add(fieldName(w * 4, littleEndian) + " in " + r.words().get(w));
            }
        }
        return parts.isEmpty() ? "" : ", when " + String.join(", ", parts);
    }

    /** Per syscall name, rules that fit the name's function on every arch (or none, with a finding). */
    private Map<String, List<Rule>> chooseRules(Map<Arch, Map<String, SyscallFunction>> functions, Decision dflt) {
        Map<String, List<SyscallFunction>> byName = new TreeMap<>();
        functions.values().forEach(m -> m.forEach((name, f) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).add(f)));
        Map<String, List<Rule>> out = new TreeMap<>();
        for (var e : byName.entrySet()) {
            String name = e.getKey();
            List<SyscallFunction> usable = new ArrayList<>();
            for (SyscallFunction f : e.getValue()) {
                if (expressible(name, f)) {
                    usable.add(f);
                } else {
                    excusedNames.add(name);
                }
            }
            if (usable.isEmpty()) {
                continue;
            }
            usableByName.put(name, usable);
            // With a compiler to prove the result, the readable form, fixed up where it fails;
            // without, the form random tests never caught libseccomp miscompiling.
            Choice choice = choose(usable, dflt, compiler != null ? RuleSynthesis.Form.READABLE : RuleSynthesis.Form.ONE_RANGE);
            if (choice.tooMany() > 0) {
                tooManyRules(name, usable.getFirst().arch(), choice.tooMany());
                continue;
            }
            if (!choice.misfits().isEmpty()) {
                excusedNames.add(name);
                List<String> details = new ArrayList<>();
                for (SyscallFunction f : usable) {
                    details.add(f.arch() + String.format(" (%d = 0x%x): ", f.nr(), f.nr()) + describe(f, dflt));
                }
                if (choice.rules() != null) {
                    details.add("--partial writes the rules of " + String.join(", ", usable.stream()
                            .filter(f -> !choice.misfits().contains(f)).map(f -> f.arch().toString()).toList()));
                }
                findings.add(new Finding(Finding.Kind.ARCH_CONFLICT, name + " is decided differently on "
                        + String.join(" and ", usable.stream().map(f -> f.arch().toString()).toList())
                        + "; a profile's rule for a syscall holds on every arch it lists (-a picks fewer)", details));
                if (choice.rules() == null) {
                    continue;
                }
            }
            out.put(name, choice.rules());
        }
        return out;
    }

    private void tooManyRules(String name, Arch arch, long count) {
        excusedNames.add(name);
        groups.add(Finding.Kind.TOO_COMPLEX, arch + ": the rules for these syscalls would number more than "
                + RuleSynthesis.MAX_RULES + " each (argument tests on low words alone, with several arguments, "
                + "multiply)", name + " (" + count + " rules)", List::of);
    }

    /**
     * The rules for one syscall name: those of the arch whose rules fit the most arches (all,
     * unless the arches disagree), null when none do; or the count of rules that was too many.
     */
    private record Choice(List<Rule> rules, List<SyscallFunction> misfits, long tooMany) {
    }

    private static Choice choose(List<SyscallFunction> usable, Decision dflt, RuleSynthesis.Form form) {
        List<SyscallFunction> candidates = new ArrayList<>(usable);
        candidates.sort(Comparator.comparingInt((SyscallFunction f) -> f.width()).reversed());
        List<Rule> chosen = null;
        List<SyscallFunction> misfits = usable;
        Set<List<Rule>> tried = new java.util.HashSet<>();
        for (SyscallFunction c : candidates) {
            List<Rule> rules;
            try {
                rules = RuleSynthesis.rules(c.pieces(), dflt, c.width(), form);
            } catch (RuleSynthesis.TooManyRules tooMany) {
                return new Choice(null, usable, tooMany.count);
            }
            if (!tried.add(rules)) {
                continue;
            }
            List<SyscallFunction> bad = usable.stream()
                    .filter(f -> RuleSynthesis.mismatch(rules, f.pieces(), dflt, f.width()).isPresent()).toList();
            if (bad.size() < misfits.size()) {
                chosen = rules;
                misfits = bad;
            }
            if (misfits.isEmpty()) {
                break;
            }
        }
        if (!misfits.isEmpty()) {
            List<Rule> joined = ArchWidths.join(usable, dflt, form);
            if (joined != null) {
                chosen = joined;
                misfits = List.of();
            }
        }
        if (chosen != null) {
            chosen = new ArrayList<>(chosen);
            chosen.sort(RuleSynthesis.ORDER);
            chosen = List.copyOf(chosen);
        }
        return new Choice(chosen, misfits, 0);
    }

    /** Whether the syscall's function is one a profile can say; if not, a finding says why. */
    private boolean expressible(String name, SyscallFunction f) {
        String where = name + " (" + f.nr() + ")";
        if (!f.outside().isEmpty()) {
            for (Outside o : f.outside()) {
                outside(f.arch(), o, where);
            }
            return false;
        }
        List<SyscallFunction.Dependence> hidden = f.hiddenDependences();
        if (!hidden.isEmpty()) {
            SyscallFunction.Dependence d = hidden.getFirst();
            String what = hiddenNames(d, f.arch());
            groups.add(Finding.Kind.HIDDEN_INPUT, f.arch() + ": the decision depends on " + what
                    + ", which a profile cannot see", where, () -> {
                PathExplainer ex = explainer(f.arch());
                List<String> details = new ArrayList<>();
                for (var piece : List.of(d.first(), d.second())) {
                    details.add(piece.decision() + " when " + hiddenWords(piece, f.arch()) + ", along:");
                    ex.lines(ex.path(piece.path().witness(littleEndian), -1)).forEach(l -> details.add("  " + l));
                }
                return details;
            });
            return false;
        }
        for (Piece p : f.pieces()) {
            if (!p.decision().expressible()) {
                groups.add(Finding.Kind.INEXPRESSIBLE_ACTION, f.arch() + ": the filter returns " + p.decision()
                        + ", which no profile action gives (" + p.decision().whyInexpressible() + ")", where, List::of);
                return false;
            }
        }
        return true;
    }

    /** Records a path that leaves what a profile says, grouped with others that leave at the same place. */
    private void outside(Arch a, Outside o, String where) {
        PathExplainer ex = explainer(a);
        List<Integer> path = ex.path(o.witness(littleEndian), o.pc());
        groups.add(Finding.Kind.INEXPRESSIBLE_PATH, a + ": " + ex.whyOutside(path), where, () -> {
            List<String> details = new ArrayList<>(List.of("for example along:"));
            ex.lines(path).forEach(l -> details.add("  " + l));
            return details;
        });
    }

    /** The words a profile does not see on this arch: the instruction pointer, and high words on 32-bit arches. */
    private List<Integer> hiddenWordIndexes(Arch a) {
        List<Integer> out = new ArrayList<>(List.of(ipLowOffset(littleEndian) / 4, ipHighOffset(littleEndian) / 4));
        if (SyscallFunction.width(a) == 32) {
            for (int i = 0; i < Region.ARGS; i++) {
                out.add(argHighOffset(i, littleEndian) / 4);
            }
        }
        return out;
    }

    private String hiddenNames(SyscallFunction.Dependence d, Arch a) {
        Set<String> names = new LinkedHashSet<>();
        for (int w : hiddenWordIndexes(a)) {
            if (!d.first().path().words().get(w).toString().equals(d.second().path().words().get(w).toString())) {
                names.add(fieldName(w * 4, littleEndian).replace(" (low)", "").replace(" (high)", ""));
            }
        }
        return names.isEmpty() ? "input a profile cannot see" : String.join(" and ", names);
    }

    private String hiddenWords(Piece p, Arch a) {
        List<String> parts = new ArrayList<>();
        for (int w : hiddenWordIndexes(a)) {
            WordValues v = p.path().words().get(w);
            if (!v.isEverything()) {
                parts.add(fieldName(w * 4, littleEndian) + " in " + v);
            }
        }
        return parts.isEmpty() ? "otherwise" : String.join(", ", parts);
    }

    private static String describe(SyscallFunction f, Decision dflt) {
        try {
            return describe(RuleSynthesis.rules(f.pieces(), dflt, f.width(), RuleSynthesis.Form.READABLE), dflt);
        } catch (RuleSynthesis.TooManyRules e) {
            return e.count + " rules";
        }
    }

    private static String describe(List<Rule> rules, Decision dflt) {
        if (rules.isEmpty()) {
            return "the default, " + dflt;
        }
        List<String> parts = new ArrayList<>();
        for (Rule r : rules) {
            parts.add(r.decision() + (r.conditions().isEmpty() ? "" : " if " + String.join(" && ",
                    r.conditions().stream().map(Decompiler::describe).toList())));
            if (parts.size() == 4 && rules.size() > 4) {
                parts.add("... (" + rules.size() + " rules)");
                break;
            }
        }
        return String.join("; ", parts);
    }

    static String describe(ArgCondition c) {
        String arg = "args[" + c.index() + "]";
        return switch (c.op()) {
            case MASKED_EQ -> String.format("(%s & 0x%x) == 0x%x", arg, c.value(), c.valueTwo());
            case EQ -> String.format("%s == 0x%x", arg, c.value());
            case NE -> String.format("%s != 0x%x", arg, c.value());
            case LT -> String.format("%s < 0x%x", arg, c.value());
            case LE -> String.format("%s <= 0x%x", arg, c.value());
            case GT -> String.format("%s > 0x%x", arg, c.value());
            case GE -> String.format("%s >= 0x%x", arg, c.value());
        };
    }

    /**
     * On arches that multiplex socket and IPC calls, libseccomp also puts each such rule on
     * socketcall/ipc with argument 0 = the call: those rules, with socketcall's own, must still
     * decide socketcall as the filter does.
     */
    private void checkMultiplexers(Arch a, Map<String, SyscallFunction> functions, Map<String, List<Rule>> rules,
                                   Decision dflt) {
        SyscallTable t = SyscallTable.of(a);
        for (String via : List.of(Multiplexed.SOCKETCALL, Multiplexed.IPC)) {
            SyscallFunction f = functions.get(via);
            if (f == null || excusedNames.contains(via)) {
                continue;
            }
            List<Rule> all = new ArrayList<>(rules.getOrDefault(via, List.of()));
            List<String> adders = new ArrayList<>();
            for (String name : t.names()) {
                Optional<Multiplexed> m = t.multiplexed(name);
                if (m.isEmpty() || !m.get().via().equals(via) || !rules.containsKey(name)) {
                    continue;
                }
                adders.add(name);
                for (Rule r : rules.get(name)) {
                    List<ArgCondition> conds = new ArrayList<>(r.conditions().stream().filter(c -> c.index() != 0).toList());
                    conds.add(ArgCondition.of(0, Op.EQ, m.get().call()));
                    all.add(new Rule(r.decision(), conds));
                }
            }
            Optional<String> why = RuleSynthesis.mismatch(all, f.pieces(), dflt, f.width());
            if (why.isPresent()) {
                excusedNames.add(via);
                findings.add(new Finding(Finding.Kind.MULTIPLEXER_CONFLICT, a + " " + via + " (" + f.nr() + "): the rules for "
                        + String.join(", ", adders) + " also apply to " + via + " with argument 0 = their call number, "
                        + "and the filter decides " + via + " otherwise (" + why.get() + ")", List.of()));
            }
        }
    }

    // ---------------------------------------------------------------- profile and check

    private static Profile profile(Decision dflt, List<Arch> arches, Map<String, List<Rule>> rules) {
        record Key(Decision decision, List<ArgCondition> conditions) {
        }
        Map<Key, TreeSet<String>> grouped = new LinkedHashMap<>();
        List<Map.Entry<String, Rule>> flat = new ArrayList<>();
        rules.forEach((name, list) -> list.forEach(r -> flat.add(Map.entry(name, r))));
        // Unconditional rules first, by decision; then the conditional ones by syscall name.
        flat.sort(Comparator.<Map.Entry<String, Rule>>comparingInt(e -> e.getValue().conditions().isEmpty() ? 0 : 1)
                .thenComparing(e -> e.getValue().conditions().isEmpty() ? e.getValue().decision().toString() : e.getKey()));
        for (var e : flat) {
            grouped.computeIfAbsent(new Key(e.getValue().decision(), e.getValue().conditions()), k -> new TreeSet<>())
                    .add(e.getKey());
        }
        List<SyscallRule> out = new ArrayList<>();
        grouped.forEach((k, names) -> out.add(new SyscallRule(List.copyOf(names), k.decision().action(),
                k.decision().errnoRet(), k.conditions(), null, Filter.EMPTY, Filter.EMPTY)));
        return new Profile(dflt.action(), dflt.errnoRet(), arches, List.of(), List.of(), null, null, out, null, null);
    }

    private PathExplainer explainer(Arch arch) {
        return explainers.computeIfAbsent(arch, a -> new PathExplainer(program, a));
    }
}
