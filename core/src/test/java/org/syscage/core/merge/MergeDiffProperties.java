package org.syscage.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;

/**
 * Merge and diff judged by evaluation: every syscall of a small universe is asked for its
 * possible verdicts at every argument vector over the values the conditions use.
 */
class MergeDiffProperties {
    /** getpid is named by no rule: it always gets the default. */
    static final List<String> NAMES = List.of("read", "write", "open", "socket", "uname", "getpid");
    static final List<long[]> CALLS = calls();

    static List<long[]> calls() {
        List<long[]> calls = new ArrayList<>();
        for (long a0 = 0; a0 <= 4; a0++) {
            for (long a1 = 0; a1 <= 4; a1++) {
                calls.add(new long[] {a0, a1});
            }
        }
        return List.copyOf(calls);
    }

    static int lowest(Set<Verdict> vs) {
        return vs.stream().mapToInt(Verdict::rank).min().orElseThrow();
    }

    static int highest(Set<Verdict> vs) {
        return vs.stream().mapToInt(Verdict::rank).max().orElseThrow();
    }

    static Set<Integer> ranks(Set<Verdict> vs) {
        return vs.stream().map(Verdict::rank).collect(Collectors.toSet());
    }

    /** Whatever libseccomp picks, {@code wide} gives every call at least what {@code narrow} may give it. */
    static void assertLetsThrough(ProfileDecisions wide, ProfileDecisions narrow, String what) {
        for (String name : NAMES) {
            for (long[] call : CALLS) {
                Set<Verdict> w = wide.treatment(name).possible(call);
                Set<Verdict> n = narrow.treatment(name).possible(call);
                assertTrue(lowest(w) >= highest(n), () -> what + ": " + name + List.of(call[0], call[1])
                        + " gets " + w + " but needs at least " + n);
            }
        }
        assertTrue(wide.effectiveArches(Arch.X86_64).containsAll(narrow.effectiveArches(Arch.X86_64)), what);
    }

    @Property(tries = 300)
    void theMergeLetsThroughWhatAnyInputDoes(@ForAll("profiles") Profile a, @ForAll("profiles") Profile b) {
        ProfileDecisions m = ProfileDecisions.of(ProfileMerger.merge(a, b).profile());
        assertLetsThrough(m, ProfileDecisions.of(a), "merge vs a");
        assertLetsThrough(m, ProfileDecisions.of(b), "merge vs b");
    }

    @Property(tries = 300)
    void theMergeIsCommutativeInWhatItAllows(@ForAll("profiles") Profile a, @ForAll("profiles") Profile b) {
        ProfileDecisions ab = ProfileDecisions.of(ProfileMerger.merge(a, b).profile());
        ProfileDecisions ba = ProfileDecisions.of(ProfileMerger.merge(b, a).profile());
        for (String name : NAMES) {
            for (long[] call : CALLS) {
                assertEquals(ranks(ab.treatment(name).possible(call)), ranks(ba.treatment(name).possible(call)), name);
            }
        }
        assertEquals(new HashSet<>(ab.architectures()), new HashSet<>(ba.architectures()));
    }

    @Property(tries = 300)
    void theMergeIsIdempotent(@ForAll("profiles") Profile a, @ForAll("profiles") Profile b) {
        Profile m = ProfileMerger.merge(a, b).profile();
        assertEquals(ProfileDecisions.of(m), ProfileDecisions.of(ProfileMerger.merge(m, m).profile()));
        ProfileDecisions da = ProfileDecisions.of(a);
        boolean oneVerdictPerSyscall = da.explicit().values().stream()
                .allMatch(t -> t.clauses().stream().map(Clause::verdict).distinct().count() <= 1);
        if (oneVerdictPerSyscall) {
            assertEquals(da, ProfileDecisions.of(ProfileMerger.merge(a, a).profile()));
        }
    }

    @Property(tries = 300)
    void aProfileDiffersFromItselfInNothing(@ForAll("profiles") Profile a) {
        ProfileDecisions d = ProfileDecisions.of(a);
        assertTrue(ProfileDiff.between(d, d, Arch.X86_64).isEmpty());
    }

    @Property(tries = 300)
    void theMergeOnlyAddsToEachInput(@ForAll("profiles") Profile a, @ForAll("profiles") Profile b) {
        ProfileDecisions da = ProfileDecisions.of(a);
        ProfileDecisions dm = ProfileDecisions.of(ProfileMerger.merge(a, b).profile());
        ProfileDiff diff = ProfileDiff.between(da, dm, Arch.X86_64);
        assertEquals(List.of(), diff.onlyInA());
        if (diff.defaultChange() != null) {
            assertTrue(diff.defaultChange().b().atLeast(diff.defaultChange().a()));
        }
        for (ProfileDiff.SyscallChange change : diff.syscalls()) {
            for (long[] call : CALLS) {
                assertTrue(lowest(change.b().possible(call)) >= highest(change.a().possible(call)), change.line());
            }
        }
    }

    @Property(tries = 300)
    void coversAgreesWithEvaluation(@ForAll("profiles") Profile a, @ForAll("profiles") Profile b) {
        ProfileDecisions da = ProfileDecisions.of(a);
        ProfileDecisions db = ProfileDecisions.of(b);
        for (String name : NAMES) {
            Treatment ta = da.treatment(name);
            Treatment tb = db.treatment(name);
            if (ta.covers(tb)) {
                for (long[] call : CALLS) {
                    assertTrue(lowest(ta.possible(call)) >= highest(tb.possible(call)), name + ": " + ta + " vs " + tb);
                }
            }
        }
    }

    // ---- generators: small universes so that rules collide often

    static final List<Verdict> VERDICTS = List.of(Verdict.ALLOW, new Verdict(Action.LOG, 0), Verdict.EPERM,
            new Verdict(Action.ERRNO, 38), new Verdict(Action.KILL_PROCESS, 0), new Verdict(Action.TRAP, 0));

    @Provide
    Arbitrary<Profile> profiles() {
        Arbitrary<Verdict> defaults = Arbitraries.of(VERDICTS);
        Arbitrary<List<Arch>> arches = Arbitraries.of(Arch.X86_64, Arch.X86, Arch.X32).list().uniqueElements().ofMaxSize(3);
        Arbitrary<List<SyscallRule>> rules = rule().list().ofMaxSize(6);
        return Combinators.combine(defaults, arches, rules).as((d, as, rs) -> new Profile(d.action(), d.errnoRet(),
                as, List.of(), List.of(), null, null, rs, null, null));
    }

    Arbitrary<SyscallRule> rule() {
        Arbitrary<List<String>> names = Arbitraries.of(NAMES.subList(0, 5)).list().uniqueElements().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<ArgCondition>> args = condition().list().ofMaxSize(2)
                .injectDuplicates(0.1)
                .edgeCases(e -> e.add(List.of()));
        return Combinators.combine(names, Arbitraries.of(VERDICTS), args, Arbitraries.integers().between(0, 2))
                .as((ns, v, as, unconditional) -> new SyscallRule(ns, v.action(), v.errnoRet(),
                        unconditional == 0 ? List.of() : as, null, Filter.EMPTY, Filter.EMPTY));
    }

    Arbitrary<ArgCondition> condition() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 1);
        Arbitrary<Long> value = Arbitraries.longs().between(0, 4);
        Arbitrary<Op> op = Arbitraries.of(Op.EQ, Op.NE, Op.GT, Op.LE, Op.MASKED_EQ);
        return Combinators.combine(index, op, value, value).as((i, o, v, v2) ->
                o == Op.MASKED_EQ ? ArgCondition.maskedEq(i, v, v2) : ArgCondition.of(i, o, v));
    }
}
