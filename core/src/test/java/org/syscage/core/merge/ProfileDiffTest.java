package org.syscage.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.merge.Profiles.eq;
import static org.syscage.core.merge.Profiles.errno;
import static org.syscage.core.merge.Profiles.profile;
import static org.syscage.core.merge.Profiles.rule;
import static org.syscage.core.merge.Profiles.when;
import static org.syscage.core.merge.Profiles.x86_64;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Verdict;
import org.syscage.core.profile.Profile;

class ProfileDiffTest {

    static ProfileDiff diff(Profile a, Profile b, Arch nativeArch) {
        return ProfileDiff.between(ProfileDecisions.of(a), ProfileDecisions.of(b), nativeArch);
    }

    @Test
    void reportsAddedRemovedAndChangedSyscallsAndArches() {
        Profile a = profile(Action.ERRNO, x86_64(),
                rule(Action.ALLOW, "read", "write", "open"), when(Action.ALLOW, eq(0, 1), "socket"));
        Profile b = profile(Action.ERRNO, List.of(Arch.X86_64, Arch.X86),
                rule(Action.ALLOW, "read", "openat"), rule(Action.LOG, "write"), when(Action.ALLOW, eq(0, 2), "socket"));
        ProfileDiff d = diff(a, b, Arch.X86_64);
        assertEquals(List.of(
                "+ arch x86 (A's filter kills its calls)",
                "- open (x86_64): ALLOW -> ERRNO(1)",
                "+ openat (x86_64): ERRNO(1) -> ALLOW",
                "~ socket (x86_64): ALLOW -> ERRNO(1) for arg0=1; ERRNO(1) -> ALLOW for arg0=2 (as written: ALLOW when arg0 == 1; otherwise ERRNO(1)"
                        + " -> ALLOW when arg0 == 2; otherwise ERRNO(1))",
                "~ write (x86_64): ALLOW -> LOG"), d.lines());
        assertEquals(false, d.isEmpty());
    }

    /**
     * QA's personality edit (Docker's default, value 0 changed to 1): calls with arg0 = 0 are now
     * denied and calls with arg0 = 1 allowed; one witness each way, each naming the argument.
     */
    @Test
    void aChangeThatGoesBothWaysHasAWitnessEachWay() {
        Profile a = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(0, 0), "personality"),
                when(Action.ALLOW, eq(0, 8), "personality"));
        Profile b = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(0, 1), "personality"),
                when(Action.ALLOW, eq(0, 8), "personality"));
        ProfileDiff.SyscallChange c = diff(a, b, Arch.X86_64).syscalls().getFirst();
        assertEquals(2, c.witnesses().size());
        assertEquals(0L, c.witnesses().get(0).args().getFirst()); // the one value A allows and B denies
        assertEquals(List.of(Verdict.ALLOW, Verdict.EPERM), List.of(c.witnesses().get(0).a(), c.witnesses().get(0).b()));
        assertEquals(1L, c.witnesses().get(1).args().getFirst()); // the one value B allows and A denies
        assertEquals(List.of(0), c.witnesses().get(1).matters());
        assertEquals(Verdict.EPERM, c.witnesses().get(1).a());
        assertEquals(Verdict.ALLOW, c.witnesses().get(1).b());
        assertTrue(c.line().startsWith("~ personality (x86_64): ALLOW -> ERRNO(1) for arg0=0; ERRNO(1) -> ALLOW for "
                + "arg0=1 (as written: "), c.line());
        assertFalse(c.line().contains("all arguments"), c.line());
    }

    /** A one-way change names each argument that matters, even at 0, and only those. */
    @Test
    void aWitnessNamesTheArgumentsTheRulesTest() {
        Profile a = profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "kill"));
        Profile b = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(1, 9), "kill"));
        assertEquals(List.of("~ kill (x86_64): ALLOW -> ERRNO(1) for arg1=0 (as written: ALLOW -> ALLOW when arg1 == 9; "
                + "otherwise ERRNO(1))"), diff(a, b, Arch.X86_64).lines());
    }

    /** libseccomp compares (arg & mask) with (value & mask): value bits outside the mask change nothing. */
    @Test
    void aMaskedEqualityClauseIgnoresValueBitsOutsideTheMask() {
        Clause clause = new Clause(List.of(ArgCondition.maskedEq(0, 0xff, 0x1ff)), Verdict.ALLOW);
        assertTrue(clause.matches(0xff));
        assertTrue(clause.matches(0x2ff));
        assertFalse(clause.matches(0xfe));
        assertFalse(clause.matches(0x1fe));
    }

    @Test
    void theSameDecisionsWrittenDifferentlyAreNoDifference() {
        Profile a = profile(Action.KILL, x86_64(), rule(Action.ALLOW, "write", "read"), rule(Action.ERRNO, "open"));
        Profile b = profile(Action.KILL_THREAD, List.of(), rule(Action.ALLOW, "read"), errno(1, "open"),
                rule(Action.ALLOW, "write"), rule(Action.KILL_THREAD, "ptrace"));
        assertTrue(diff(a, b, Arch.X86_64).isEmpty(), () -> diff(a, b, Arch.X86_64).toString());
    }

    @Test
    void aNameTheArchLacksDoesNotCountThere() {
        // aarch64 has no open(2): allowing it or not changes nothing there.
        Profile a = profile(Action.ERRNO, List.of(Arch.AARCH64, Arch.ARM), rule(Action.ALLOW, "openat", "open"));
        Profile b = profile(Action.ERRNO, List.of(Arch.AARCH64, Arch.ARM), rule(Action.ALLOW, "openat"));
        assertEquals(List.of("- open (arm): ALLOW -> ERRNO(1)"), diff(a, b, Arch.AARCH64).lines());
        assertEquals(List.of(), diff(a, b, Arch.AARCH64).syscalls().stream()
                .filter(s -> s.arches().contains(Arch.AARCH64)).toList());
    }

    @Test
    void differentDefaultsAreOneLineAndOnlyRulesThatDecideDifferentlyFollow() {
        Profile a = profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "read"));
        Profile b = profile(Action.ALLOW, x86_64(), rule(Action.ERRNO, "ptrace"));
        // read: ALLOW in both (a by rule, b by default); ptrace: ERRNO(1) in both (a by default, b by rule).
        assertEquals(List.of("~ defaultAction: ERRNO(1) -> ALLOW (for the syscalls neither profile names)"),
                diff(a, b, Arch.X86_64).lines());
        Profile c = profile(Action.ALLOW, x86_64(), rule(Action.KILL_PROCESS, "ptrace"));
        assertEquals(List.of("~ defaultAction: ERRNO(1) -> ALLOW (for the syscalls neither profile names)",
                "+ ptrace (x86_64): ERRNO(1) -> KILL_PROCESS"), diff(a, c, Arch.X86_64).lines());
    }

    @Test
    void theNativeArchIsAlwaysCoveredAndFlagsCount() {
        Profile a = new Profile(Action.ERRNO, null, List.of(), List.of(), List.of(), null, null,
                List.of(rule(Action.ALLOW, "read")), null, null);
        Profile b = new Profile(Action.ERRNO, null, List.of(Arch.X86_64, Arch.X32), List.of(),
                List.of("SECCOMP_FILTER_FLAG_LOG"), null, null, List.of(rule(Action.ALLOW, "read")), null, null);
        assertEquals(List.of("+ arch x32 (A's filter kills its calls)",
                "~ flags: [] -> [SECCOMP_FILTER_FLAG_LOG]"), diff(a, b, Arch.X86_64).lines());
    }

    @Test
    void jsonViewCarriesBothSides() {
        Profile a = profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "read"));
        Profile b = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(0, 3), "read"));
        Map<String, Object> json = diff(a, b, Arch.X86_64).toMap();
        assertEquals(false, json.get("same"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> syscalls = (List<Map<String, Object>>) json.get("syscalls");
        assertEquals(1, syscalls.size());
        assertEquals("changed", syscalls.get(0).get("change"));
        assertEquals(List.of("x86_64"), syscalls.get(0).get("arches"));
        assertEquals(Map.of("text", "ALLOW", "when", List.of(), "otherwise", "ALLOW"), syscalls.get(0).get("a"));
    }
}
