package org.syscage.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.syscage.core.merge.Profiles.eq;
import static org.syscage.core.merge.Profiles.errno;
import static org.syscage.core.merge.Profiles.profile;
import static org.syscage.core.merge.Profiles.rule;
import static org.syscage.core.merge.Profiles.when;
import static org.syscage.core.merge.Profiles.x86_64;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;

class ProfileDecisionsTest {
    static final Verdict LOG = new Verdict(Action.LOG, 0);

    @Test
    void theFirstUnconditionalRuleDecidesAndReplacesConditionalOnes() {
        // libseccomp 2.5: a later unconditional rule is ignored; an unconditional rule wins over conditions.
        ProfileDecisions d = ProfileDecisions.of(profile(Action.ERRNO, x86_64(),
                when(Action.ALLOW, eq(0, 1), "read"),
                rule(Action.LOG, "read", "write"),
                rule(Action.ALLOW, "write")));
        assertEquals(Treatment.always(LOG), d.treatment("read"));
        assertEquals(Treatment.always(LOG), d.treatment("write"));
        assertEquals(Treatment.always(Verdict.EPERM), d.treatment("open"));
    }

    @Test
    void rulesEqualToTheDefaultAreDroppedAndSpellingsAgree() {
        ProfileDecisions d = ProfileDecisions.of(profile(Action.KILL, x86_64(),
                rule(Action.KILL_THREAD, "read"), errno(1, "write"), rule(Action.ERRNO, "open")));
        assertEquals(new Verdict(Action.KILL_THREAD, 0), d.defaultVerdict());
        assertEquals(Set.of("open", "write"), d.explicit().keySet());
        assertEquals(d.treatment("write"), d.treatment("open"));
    }

    @Test
    void oneArgumentNamedTwiceMakesAlternatives() {
        Profile p = profile(Action.ERRNO, x86_64(), new SyscallRule(List.of("socket"), Action.ALLOW, null,
                List.of(eq(0, 1), eq(0, 2), eq(1, 5)), null, Filter.EMPTY, Filter.EMPTY));
        Treatment t = ProfileDecisions.of(p).treatment("socket");
        assertEquals(new Treatment(List.of(
                new Clause(List.of(eq(0, 1)), Verdict.ALLOW),
                new Clause(List.of(eq(0, 2)), Verdict.ALLOW),
                new Clause(List.of(eq(1, 5)), Verdict.ALLOW)), Verdict.EPERM), t);
        assertEquals(Set.of(Verdict.ALLOW), t.possible(2, 9));
        assertEquals(Set.of(Verdict.EPERM), t.possible(3, 9));
    }

    @Test
    void differentArgumentsAreAllRequired() {
        Treatment t = ProfileDecisions.of(profile(Action.ERRNO, x86_64(), new SyscallRule(List.of("socket"),
                Action.ALLOW, null, List.of(eq(1, 5), eq(0, 1)), null, Filter.EMPTY, Filter.EMPTY))).treatment("socket");
        assertEquals(new Treatment(List.of(new Clause(List.of(eq(0, 1), eq(1, 5)), Verdict.ALLOW)), Verdict.EPERM), t);
        assertEquals(Set.of(Verdict.ALLOW), t.possible(1, 5));
        assertEquals(Set.of(Verdict.EPERM), t.possible(1, 6));
        assertEquals("ALLOW when arg0 == 1 && arg1 == 5; otherwise ERRNO(1)", t.label());
    }

    @Test
    void aSecondClauseWithTheSameConditionsIsIgnored() {
        Treatment t = ProfileDecisions.of(profile(Action.ERRNO, x86_64(),
                when(Action.ALLOW, eq(0, 1), "socket"), when(Action.LOG, eq(0, 1), "socket"))).treatment("socket");
        assertEquals(new Treatment(List.of(new Clause(List.of(eq(0, 1)), Verdict.ALLOW)), Verdict.EPERM), t);
    }

    @Test
    void everyOperatorIsEvaluatedUnsigned() {
        long big = 0xffff_ffff_ffff_fff0L;
        assertEquals(true, new Clause(List.of(ArgCondition.of(0, Op.GT, 5)), Verdict.ALLOW).matches(big));
        assertEquals(false, new Clause(List.of(ArgCondition.of(0, Op.LT, 5)), Verdict.ALLOW).matches(big));
        assertEquals(true, new Clause(List.of(ArgCondition.of(0, Op.LE, 5)), Verdict.ALLOW).matches(5));
        assertEquals(true, new Clause(List.of(ArgCondition.of(0, Op.GE, 5)), Verdict.ALLOW).matches(5));
        assertEquals(true, new Clause(List.of(ArgCondition.of(0, Op.NE, 5)), Verdict.ALLOW).matches(6));
        assertEquals(true, new Clause(List.of(ArgCondition.maskedEq(0, 0xff, 0x10)), Verdict.ALLOW).matches(0x1210));
        assertEquals(false, new Clause(List.of(ArgCondition.maskedEq(0, 0xff, 0x10)), Verdict.ALLOW).matches(0x1211));
        assertEquals("arg0 & 0xffff0000 == 0x10000",
                new Clause(List.of(ArgCondition.maskedEq(0, 0xffff0000L, 0x10000)), Verdict.ALLOW).conditionText());
    }

    @Test
    void dockerFormatMustBeResolvedFirst() {
        Profile docker = profile(Action.ERRNO, List.of(Arch.X86_64), new SyscallRule(List.of("ptrace"), Action.ALLOW,
                null, List.of(), null, new Filter(List.of("CAP_SYS_PTRACE"), List.of(), null), Filter.EMPTY));
        InputException e = assertThrows(InputException.class, () -> ProfileDecisions.of(docker));
        assertEquals(true, e.getMessage().contains("expected a resolved profile"));
    }

    @Test
    void verdictsAreOrderedFromKillToAllow() {
        List<Action> order = List.of(Action.KILL_PROCESS, Action.KILL_THREAD, Action.TRAP, Action.ERRNO,
                Action.NOTIFY, Action.TRACE, Action.LOG, Action.ALLOW);
        for (int i = 0; i + 1 < order.size(); i++) {
            Verdict lower = Verdict.of(order.get(i), null);
            Verdict higher = Verdict.of(order.get(i + 1), null);
            assertEquals(higher, Verdict.join(lower, higher));
            assertEquals(higher, Verdict.join(higher, lower));
        }
        assertEquals(new Verdict(Action.ERRNO, 38), Verdict.join(new Verdict(Action.ERRNO, 38), Verdict.EPERM));
        assertEquals(new Verdict(Action.ERRNO, 5), Verdict.of(Action.ERRNO, 65541));
        assertEquals("TRACE(1)", Verdict.of(Action.TRACE, null).label());
    }
}
