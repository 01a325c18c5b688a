package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * The semantic stage of the compiler: a plain OCI profile becomes a {@link FilterSpec} by doing
 * what runc does with it — turn each rule into libseccomp calls — and what libseccomp 2.5 does
 * with those calls — merge them per arch into its filter database.
 *
 * <p>runc's part: one rule per syscall name, in profile order; a rule whose action (with its
 * errno) equals the default action is dropped; an unknown name is skipped with a warning; when
 * one rule has two conditions on the same argument, every condition becomes a rule of its own
 * (their OR), otherwise the conditions form one rule (their AND); ERRNO and TRACE without
 * errnoRet mean EPERM. libseccomp's part: per arch, by name; a name the arch lacks adds nothing
 * there; socket and IPC syscalls also get a rule on their multiplexer where the arch has one.
 */
public final class SpecBuilder {
    /** The words of the warning given when libseccomp's program for an arch loses its syscall-number load. */
    public static final String LOST_NUMBER_LOAD = "libseccomp's program never loads the syscall number";

    /**
     * The spec, what the user should hear about (skipped names, quirks hit), the program libseccomp
     * itself would generate for the profile (optimization level 1), and the arches where that
     * program loses its syscall-number load ({@link #lostNumberLoadWarning}).
     */
    public record Result(FilterSpec spec, List<String> warnings, org.syscage.core.bpf.BpfProgram libseccompProgram,
                         List<Arch> lostNumberLoads) {
        public Result {
            warnings = List.copyOf(warnings);
            lostNumberLoads = List.copyOf(lostNumberLoads);
        }
    }

    /** What the user is told about an arch whose syscall-number load libseccomp's program loses. */
    public static String lostNumberLoadWarning(Arch arch) {
        String name = arch.kernelName();
        return "on " + name + ", " + LOST_NUMBER_LOAD + ": the first syscall it sorts there is one " + name
                + " lacks (or reaches only through socketcall/ipc), and the load goes with it; every " + name
                + " syscall gets the default action, in runc's filter and in syscage's";
    }

    private final Profile profile;
    private final CompileOptions options;
    private final int defaultAction;
    private final Map<Arch, ArchDb> dbs = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private LibseccompGen generated;

    private SpecBuilder(Profile profile, CompileOptions options) {
        this.profile = profile;
        this.options = options;
        this.defaultAction = ActionValue.of(profile.defaultAction(), profile.defaultErrnoRet());
        for (Arch a : filterArches(profile, options)) {
            dbs.put(a, new ArchDb(a));
        }
    }

    /** Builds the spec of a plain OCI profile. */
    public static Result build(Profile profile, CompileOptions options) {
        return DeepStack.call(() -> buildHere(profile, options));
    }

    private static Result buildHere(Profile profile, CompileOptions options) {
        if (profile.isDockerFormat()) {
            throw new CompileException("the profile uses Docker's archMap/includes/excludes: resolve it first");
        }
        SpecBuilder b = new SpecBuilder(profile, options);
        b.addRules();
        FilterSpec spec = b.freeze();
        return new Result(spec, b.warnings, b.generated.encode(), b.generated.lostNumberLoads());
    }

    /**
     * The arches of the filter: the given ones, or runc's — the native arch first, then the
     * profile's list. libseccomp cannot mix byte orders in one filter.
     */
    static List<Arch> filterArches(Profile profile, CompileOptions options) {
        LinkedHashSet<Arch> arches = new LinkedHashSet<>();
        if (options.arches().isEmpty()) {
            arches.add(options.nativeArch());
            arches.addAll(profile.architectures());
        } else {
            arches.addAll(options.arches());
        }
        boolean little = arches.iterator().next().littleEndian();
        for (Arch a : arches) {
            if (a.littleEndian() != little) {
                throw new CompileException("a filter cannot mix little- and big-endian arches ("
                        + arches.iterator().next() + " and " + a + "); libseccomp refuses it too");
            }
        }
        return List.copyOf(arches);
    }

    /**
     * The rule libseccomp would refuse when runc feeds it the profile, if any: exactly the
     * refusal {@link #build} (and so {@link Compiler#compile}) throws. Empty when the profile
     * has no such rule or fails earlier for another reason (an empty name, mixed byte orders).
     */
    public static Optional<RuleRefusedException> refusal(Profile profile, CompileOptions options) {
        return DeepStack.call(() -> {
            try {
                if (!profile.isDockerFormat()) {
                    new SpecBuilder(profile, options).addRules();
                }
                return Optional.<RuleRefusedException>empty();
            } catch (RuleRefusedException e) {
                return Optional.of(e);
            } catch (CompileException e) {
                return Optional.<RuleRefusedException>empty();
            }
        });
    }

    private void addRules() {
        List<SyscallRule> rules = profile.syscalls();
        for (int index = 0; index < rules.size(); index++) {
            SyscallRule rule = rules.get(index);
            int action = ActionValue.of(rule.action(), rule.errnoRet());
            for (int n = 0; n < rule.names().size(); n++) {
                String name = rule.names().get(n);
                CompileException.RulePlace place = new CompileException.RulePlace(index, n);
                if (name == null || name.isEmpty()) {
                    throw new CompileException(place, "an empty syscall name is not valid");
                }
                if (action == defaultAction) {
                    continue; // runc drops rules that repeat the default action
                }
                if (!SyscallTable.allNames().contains(name)) {
                    CompileException unknown = new CompileException(place, "unknown syscall '" + name + "'");
                    if (options.strict()) {
                        throw unknown;
                    }
                    warnings.add(unknown.getMessage() + " skipped");
                    continue;
                }
                for (ArgCondition[] conditions : libseccompCalls(rule.args())) {
                    for (ArchDb db : dbs.values()) {
                        addOnArch(db, name, action, conditions, place);
                    }
                }
            }
        }
    }

    /**
     * How runc passes a rule's conditions to libseccomp: one call with all of them (indexed by
     * argument), or, when an argument index repeats, one call per condition.
     */
    static List<ArgCondition[]> libseccompCalls(List<ArgCondition> args) {
        boolean repeats = args.stream().map(ArgCondition::index).distinct().count() < args.size();
        List<ArgCondition[]> calls = new ArrayList<>();
        if (repeats) {
            for (ArgCondition c : args) {
                ArgCondition[] one = new ArgCondition[ArgCondition.MAX_INDEX + 1];
                one[c.index()] = c;
                calls.add(one);
            }
        } else {
            ArgCondition[] all = new ArgCondition[ArgCondition.MAX_INDEX + 1];
            for (ArgCondition c : args) {
                all[c.index()] = c;
            }
            calls.add(all);
        }
        return calls;
    }

    /**
     * libseccomp 2.5's per-arch handling of one rule: on arches with socketcall/ipc
     * multiplexers, a socket or IPC syscall gets a rule on the multiplexer (first argument = the
     * call number, replacing any condition on it) and one on the direct syscall; a name the arch
     * lacks becomes a pseudo-syscall entry, which never reaches the program but still takes part
     * in libseccomp's ordering of the syscalls (see {@link LibseccompGen}).
     */
    private void addOnArch(ArchDb db, String name, int action, ArgCondition[] conditions, CompileException.RulePlace place) {
        SyscallTable table = SyscallTable.of(db.arch());
        OptionalInt direct = table.number(name);
        Optional<Multiplexing.Via> via = Multiplexing.of(name);
        boolean muxArch = MULTIPLEXING_ARCHES.contains(db.arch());
        try {
            if (muxArch && via.isPresent()) {
                OptionalInt mux = table.number(via.get().multiplexer());
                if (mux.isPresent()) {
                    ArgCondition[] muxed = conditions.clone();
                    muxed[0] = ArgCondition.of(0, Op.EQ, via.get().call());
                    db.addRule(mux.getAsInt(), action, muxed);
                }
                db.addRule(direct.isPresent() ? direct.getAsInt() : pseudoNumber(name), action, conditions);
            } else if (direct.isPresent()) {
                db.addRule(direct.getAsInt(), action, conditions);
            } else if (!muxArch) {
                db.addRule(pseudoNumber(name), action, conditions);
            }
        } catch (ArchDb.Conflict e) {
            throw new RuleRefusedException(place, name, db.arch(), e.getMessage());
        }
    }

    /** Arches on which libseccomp multiplexes socket and IPC rules (those with abi_rule_add). */
    static final java.util.Set<Arch> MULTIPLEXING_ARCHES = java.util.EnumSet.of(Arch.X86, Arch.MIPS, Arch.MIPSEL,
            Arch.PPC, Arch.PPC64, Arch.PPC64LE, Arch.S390, Arch.S390X, Arch.M68K);

    private static final List<String> ALL_NAMES = List.copyOf(SyscallTable.allNames());

    /** A distinct negative number for a name an arch lacks, like libseccomp's __PNR_* values. */
    private static int pseudoNumber(String name) {
        Optional<Multiplexing.Via> via = Multiplexing.of(name);
        if (via.isPresent()) {
            return -((via.get().multiplexer().equals("socketcall") ? 100 : 200) + via.get().call());
        }
        return -(10000 + ALL_NAMES.indexOf(name));
    }

    /**
     * The optimization level runc asks libseccomp for: the binary tree (2) when the profile has
     * more than 32 (rule, name) pairs, counting every name as runc's config does, else 1.
     */
    static int runcOptimizeLevel(Profile profile) {
        int pairs = profile.syscalls().stream().mapToInt(r -> r.names().size()).sum();
        return pairs > 32 ? 2 : 1;
    }

    /** The program libseccomp generates for the profile at a given optimization level (1 or 2). */
    public static org.syscage.core.bpf.BpfProgram libseccompProgram(Profile profile, CompileOptions options, int optimize) {
        return DeepStack.call(() -> libseccompProgramHere(profile, options, optimize));
    }

    private static org.syscage.core.bpf.BpfProgram libseccompProgramHere(Profile profile, CompileOptions options, int optimize) {
        SpecBuilder b = new SpecBuilder(profile, options);
        b.addRules();
        LibseccompGen gen = new LibseccompGen(List.copyOf(b.dbs.values()), b.defaultAction, options.badArchAction(), optimize);
        gen.generate();
        return gen.encode();
    }

    private FilterSpec freeze() {
        LibseccompGen gen = new LibseccompGen(List.copyOf(dbs.values()), defaultAction, options.badArchAction(),
                runcOptimizeLevel(profile));
        gen.generate();
        this.generated = gen;
        for (Arch lost : gen.lostNumberLoads()) {
            warnings.add(lostNumberLoadWarning(lost));
        }
        List<ArchDispatch> dispatches = new SpecExtractor(gen, defaultAction).extract(List.copyOf(dbs.keySet()));
        return new FilterSpec(defaultAction, options.badArchAction(), dispatches);
    }
}
