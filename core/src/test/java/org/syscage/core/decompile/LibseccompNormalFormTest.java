package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.oracle.LibseccompOracle;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * The form the decompiler writes rules in - disjoint, and at most one range condition per
 * argument among a syscall's rules ({@link RuleSynthesis#oneRangePerArgument}) - is one that
 * Debian's libseccomp 2.5.4 compiles correctly: random rule sets, put in that form, compiled by
 * libseccomp and run on the values around every constant, decide as the rules say.
 * (Without the form, about one set in twenty-five came out wrong, and some hung libseccomp.)
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LibseccompNormalFormTest {
    private static final Action[] ACTIONS = {Action.ALLOW, Action.KILL_PROCESS, Action.TRAP};

    @Test
    void rulesInTheDecompilersFormCompileCorrectly() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        Random r = new Random(99);
        List<Profile> profiles = new ArrayList<>();
        List<LibseccompOracle.Job> jobs = new ArrayList<>();
        while (profiles.size() < 400) {
            List<Rule> rules = randomDisjointRules(r);
            if (rules == null) {
                continue;
            }
            List<Rule> normal;
            try {
                normal = RuleSynthesis.oneRangePerArgument(rules, 64);
            } catch (RuleSynthesis.TooManyRules e) {
                continue;
            }
            List<SyscallRule> syscallRules = normal.stream().map(x -> new SyscallRule(List.of("connect"),
                    x.decision().action(), null, x.conditions(), null, null, null)).toList();
            Profile p = new Profile(Action.ERRNO, 13, List.of(Arch.X86_64), List.of(), List.of(), null, null,
                    syscallRules, null, null);
            profiles.add(p);
            jobs.add(new LibseccompOracle.Job(ProfileWriter.write(p, ProfileFormat.OCI), Arch.X86_64,
                    List.of(Arch.X86_64), null, 1 + r.nextInt(2)));
        }
        List<LibseccompOracle.OracleResult> built = new LibseccompOracle().build(jobs);
        for (int i = 0; i < profiles.size(); i++) {
            LibseccompOracle.OracleResult result = built.get(i);
            String json = jobs.get(i).profileJson();
            assertTrue(result.ok(), () -> result.error() + "\n" + json);
            BpfProgram filter = BpfProgram.of(result.instructions(Arch.X86_64));
            List<Long> values = values(profiles.get(i));
            for (long a0 : values) {
                for (long a1 : values) {
                    SeccompData d = SeccompData.of(Arch.X86_64, 42, a0, a1);
                    Optional<Decision> rules = ProfileEvaluator.decide(profiles.get(i), Arch.X86_64, 42, d.args());
                    assertEquals(rules, Optional.of(Decision.ofReturn(Emulator.decide(filter, d, true))),
                            () -> d + "\n" + json);
                }
            }
        }
    }

    /** One to four rules on arguments 0 and 1 with any comparisons, pairwise disjoint; null if they overlap. */
    private static List<Rule> randomDisjointRules(Random r) {
        List<Rule> rules = new ArrayList<>();
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            List<ArgCondition> conds = new ArrayList<>();
            for (int a = 0; a < 1 + r.nextInt(2); a++) {
                Op op = Op.values()[r.nextInt(Op.values().length)];
                long v = value(r);
                conds.add(op == Op.MASKED_EQ ? ArgCondition.maskedEq(a, v, value(r) & v) : ArgCondition.of(a, op, v));
            }
            rules.add(new Rule(new Decision(ACTIONS[r.nextInt(ACTIONS.length)], 0), conds));
        }
        List<Region> regions = new ArrayList<>();
        for (Rule rule : rules) {
            regions.addAll(rule.regions(64));
        }
        for (int i = 0; i < regions.size(); i++) {
            for (int j = i + 1; j < regions.size(); j++) {
                if (regions.get(i).intersects(regions.get(j))) {
                    return null;
                }
            }
        }
        return rules;
    }

    private static long value(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt(8);
            case 1 -> 1L << r.nextInt(64);
            case 2 -> (1L << 32) + r.nextInt(4) - 2;
            case 3 -> ((long) (1 + r.nextInt(3)) << 32) | r.nextInt(1 << 23);
            default -> r.nextLong();
        };
    }

    private static List<Long> values(Profile p) {
        Set<Long> out = new LinkedHashSet<>(List.of(0L, -1L, 1L << 32, (1L << 32) - 1));
        for (SyscallRule rule : p.syscalls()) {
            for (ArgCondition c : rule.args()) {
                for (long v : new long[] {c.value(), c.value() + 1, c.value() - 1, c.valueTwo(), c.value() ^ (1L << 32)}) {
                    out.add(v);
                }
            }
        }
        return new ArrayList<>(out);
    }
}
