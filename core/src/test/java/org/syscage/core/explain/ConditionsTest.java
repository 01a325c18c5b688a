package org.syscage.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.oracle.LibseccompOracle;
import org.syscage.core.oracle.LibseccompOracle.Job;
import org.syscage.core.oracle.LibseccompOracle.OracleResult;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;

/** How one rule's argument conditions decide a call: the semantics explain and decompile share. */
class ConditionsTest {
    private static final long[] NONE = {0, 0, 0, 0, 0, 0};

    @Test
    void maskedEqMasksTheExpectedValueToo() {
        // (a0 & 0xf0) == 0x1f: libseccomp compares with 0x1f & 0xf0, so 0x10 matches and 0x1f does not.
        List<ArgCondition> rule = List.of(ArgCondition.maskedEq(0, 0xf0, 0x1f));
        assertTrue(Conditions.matchesAsRunc(Arch.X86_64, rule, new long[] {0x10}));
        assertTrue(Conditions.matchesAsRunc(Arch.X86_64, rule, new long[] {0x1a}));
        assertFalse(Conditions.matchesAsRunc(Arch.X86_64, rule, new long[] {0x1f0}));
    }

    @Test
    void thirtyTwoBitArchesCompareTheLowWordsOnly() {
        List<ArgCondition> eq = List.of(ArgCondition.of(0, Op.EQ, 0x1_0000_0002L));
        assertTrue(Conditions.matchesAsRunc(Arch.X86, eq, new long[] {2}));
        assertFalse(Conditions.matchesAsRunc(Arch.X86_64, eq, new long[] {2}));
        List<ArgCondition> highMaskOnly = List.of(ArgCondition.maskedEq(1, 0xff_0000_0000L, 0x12_0000_0000L));
        assertTrue(Conditions.matchesAsRunc(Arch.X86, highMaskOnly, NONE), "libseccomp drops the condition");
        assertFalse(Conditions.matchesAsRunc(Arch.X86_64, highMaskOnly, NONE));
    }

    @Test
    void conditionsOnOneIndexAreOredAsRuncSplitsThem() {
        List<ArgCondition> twoOnA0 = List.of(ArgCondition.of(0, Op.EQ, 1), ArgCondition.of(0, Op.EQ, 2));
        assertTrue(Conditions.matchesAsRunc(Arch.X86_64, twoOnA0, new long[] {2}));
        List<ArgCondition> twoIndexes = List.of(ArgCondition.of(0, Op.EQ, 1), ArgCondition.of(1, Op.EQ, 2));
        assertFalse(Conditions.matchesAsRunc(Arch.X86_64, twoIndexes, new long[] {1}), "a1 is missing, so 0");
        assertTrue(Conditions.matchesAsRunc(Arch.X86_64, twoIndexes, new long[] {1, 2}));
        assertTrue(Conditions.matchesAsRunc(Arch.X86_64, List.of(), NONE), "no condition: always");
    }

    /** Differential: random one-rule profiles built by Debian's libseccomp (as runc builds them) and run on argument vectors. */
    @Test
    void agreesWithTheFiltersLibseccompBuilds() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        long[] values = {0, 1, 2, 0x7f, 0x80, 0xffff_ffffL, 0x1_0000_0000L, 0x1_0000_0002L, 0x8000_0000_0000_0000L, -1L};
        Random random = new Random(Long.getLong("seed", 20260611L));
        List<List<ArgCondition>> rules = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            List<ArgCondition> rule = new ArrayList<>();
            // One condition per index: conditions repeating an index become several libseccomp rules,
            // and libseccomp's merge of those is not their plain union (explain calls such answers inexact).
            int first = random.nextInt(2);
            for (int index = first; index <= (random.nextBoolean() ? 1 : first); index++) {
                Op op = Op.values()[random.nextInt(Op.values().length)];
                long value = values[random.nextInt(values.length)];
                long second = values[random.nextInt(values.length)];
                rule.add(op == Op.MASKED_EQ ? ArgCondition.maskedEq(index, value, second) : ArgCondition.of(index, op, value));
            }
            rules.add(List.copyOf(rule));
            Profile p = Profile.of(Action.ERRNO, List.of(),
                    List.of(new SyscallRule(List.of("personality"), Action.ALLOW, null, rule, null, Filter.EMPTY, Filter.EMPTY)));
            jobs.add(new Job(ProfileWriter.write(p, ProfileFormat.OCI), Arch.X86_64, List.of(Arch.X86), null, 0));
        }
        List<OracleResult> built = new LibseccompOracle().build(jobs);
        int compared = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (!built.get(i).ok()) {
                continue;
            }
            for (Arch arch : List.of(Arch.X86_64, Arch.X86)) {
                BpfProgram program = BpfProgram.of(built.get(i).instructions(arch));
                int nr = SyscallTable.of(arch).number("personality").orElseThrow();
                for (long a0 : values) {
                    for (long a1 : new long[] {0, 2, 0x1_0000_0002L, -1L}) {
                        long[] args = {a0, a1, 0, 0, 0, 0};
                        boolean allowed = Emulator.decide(program, SeccompData.of(arch, nr, args), arch)
                                == Action.ALLOW.seccompRet();
                        int rule = i;
                        assertEquals(allowed, Conditions.matchesAsRunc(arch, rules.get(i), args),
                                () -> arch + " " + Conditions.describe(rules.get(rule)) + " with a0=" + Long.toHexString(a0)
                                        + " a1=" + Long.toHexString(a1));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 10_000, "compared only " + compared);
    }
}
