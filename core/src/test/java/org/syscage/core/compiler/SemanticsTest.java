package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** Each rule of the profile's meaning (runc + libseccomp 2.5), one example each. */
class SemanticsTest {
    private static final int ALLOW = ActionValue.ALLOW;
    private static final int EPERM = ActionValue.errno(1);

    private static SyscallRule rule(Action a, Integer errno, String name, ArgCondition... args) {
        return new SyscallRule(List.of(name), a, errno, List.of(args), null, Filter.EMPTY, Filter.EMPTY);
    }

    private static SyscallRule allow(String name, ArgCondition... args) {
        return rule(Action.ALLOW, null, name, args);
    }

    private static FilterSpec spec(List<Arch> arches, SyscallRule... rules) {
        return SpecBuilder.build(Profile.of(Action.ERRNO, arches, List.of(rules)), CompileOptions.runc(Arch.X86_64)).spec();
    }

    private static int decide(FilterSpec s, Arch a, String name, long... args) {
        int nr = org.syscage.core.syscalls.SyscallTable.of(a).number(name).orElseThrow();
        return s.decide(a, nr, args).action();
    }

    @Test
    void conditionsOfOneRuleAreAnded() {
        FilterSpec s = spec(List.of(), allow("read", ArgCondition.of(0, Op.EQ, 1), ArgCondition.of(1, Op.EQ, 2)));
        assertEquals(ALLOW, decide(s, Arch.X86_64, "read", 1, 2));
        assertEquals(EPERM, decide(s, Arch.X86_64, "read", 1, 3));
    }

    @Test
    void repeatedArgumentIndexMakesSeparateRulesThatAreOred() {
        FilterSpec s = spec(List.of(), allow("personality", ArgCondition.of(0, Op.EQ, 0), ArgCondition.of(0, Op.EQ, 8)));
        assertEquals(ALLOW, decide(s, Arch.X86_64, "personality", 0));
        assertEquals(ALLOW, decide(s, Arch.X86_64, "personality", 8));
        assertEquals(EPERM, decide(s, Arch.X86_64, "personality", 4));
    }

    @Test
    void ruleRepeatingTheDefaultActionIsDropped() {
        // the ALLOW rule for read comes second; the first (same action as the default) is dropped
        FilterSpec s = spec(List.of(), rule(Action.ERRNO, null, "read"), allow("read"));
        assertEquals(ALLOW, decide(s, Arch.X86_64, "read"));
    }

    @Test
    void errnoWithoutValueIsEpermAndValuesKeepSixteenBits() {
        FilterSpec s = spec(List.of(), rule(Action.ERRNO, 13, "read"), rule(Action.TRACE, null, "write"),
                rule(Action.ERRNO, 0x10026, "close"));
        assertEquals(ActionValue.errno(13), decide(s, Arch.X86_64, "read"));
        assertEquals(ActionValue.TRACE | 1, decide(s, Arch.X86_64, "write"));
        assertEquals(ActionValue.errno(38), decide(s, Arch.X86_64, "close"));
    }

    @Test
    void defaultErrnoRetAppliesToTheDefault() {
        Profile p = new Profile(Action.ERRNO, 38, List.of(), List.of(), List.of(), null, null, List.of(allow("read")), null, null);
        FilterSpec s = SpecBuilder.build(p, CompileOptions.runc(Arch.X86_64)).spec();
        assertEquals(ActionValue.errno(38), decide(s, Arch.X86_64, "write"));
    }

    @Test
    void unknownNamesAreSkippedWithAWarningOrRefusedWhenStrict() {
        Profile p = Profile.of(Action.ERRNO, List.of(), List.of(allow("no_such_syscall"), allow("read")));
        SpecBuilder.Result r = SpecBuilder.build(p, CompileOptions.runc(Arch.X86_64));
        assertTrue(r.warnings().getFirst().contains("no_such_syscall"));
        assertEquals(ALLOW, decide(r.spec(), Arch.X86_64, "read"));
        assertThrows(CompileException.class, () -> SpecBuilder.build(p, CompileOptions.runc(Arch.X86_64).withStrict(true)));
    }

    @Test
    void theNativeArchIsAlwaysInTheFilterAsRuncAddsIt() {
        FilterSpec s = spec(List.of(Arch.X86), allow("read"));
        assertEquals(List.of(Arch.X86_64, Arch.X86), s.arches());
        assertEquals(ActionValue.KILL_PROCESS, s.decide(Arch.AARCH64, 63).action());
    }

    @Test
    void quirkFirstUnconditionalRuleWins() {
        FilterSpec s = spec(List.of(), rule(Action.TRAP, null, "read"), allow("read"));
        assertEquals(ActionValue.TRAP, decide(s, Arch.X86_64, "read"));
    }

    @Test
    void quirkLaterUnconditionalRuleReplacesArgumentRules() {
        FilterSpec s = spec(List.of(), allow("read", ArgCondition.of(0, Op.EQ, 1)), rule(Action.TRAP, null, "read"));
        assertEquals(ActionValue.TRAP, decide(s, Arch.X86_64, "read", 1));
    }

    @Test
    void quirkSameConditionWithAnotherActionIsRefusedAsRuncWould() {
        Profile p = Profile.of(Action.ERRNO, List.of(), List.of(allow("read", ArgCondition.of(0, Op.EQ, 5)),
                rule(Action.TRAP, null, "read", ArgCondition.of(0, Op.EQ, 5))));
        CompileException e = assertThrows(CompileException.class, () -> SpecBuilder.build(p, CompileOptions.runc(Arch.X86_64)));
        assertTrue(e.getMessage().contains("runc would fail"), e.getMessage());
    }

    @Test
    void quirkRulesThatLibseccompNeverFinishesAddingAreRefused() {
        // a1 <= 100 shared, then different tests of a2: libseccomp 2.5.4's seccomp_rule_add loops
        // forever on this pair (runc hangs); the differential test sees the oracle time out on it
        Profile p = Profile.of(Action.ERRNO, List.of(), List.of(
                allow("read", ArgCondition.of(1, Op.LE, 100), ArgCondition.of(2, Op.LE, 5)),
                allow("read", ArgCondition.of(1, Op.LE, 100), ArgCondition.maskedEq(2, 255, 3))));
        CompileException e = assertThrows(CompileException.class, () -> SpecBuilder.build(p, CompileOptions.runc(Arch.X86_64)));
        assertTrue(e.getMessage().contains("never finishes"), e.getMessage());
    }

    @Test
    void quirk32BitArchesCompareOnlyTheLowWord() {
        FilterSpec s = spec(List.of(Arch.X86), allow("read", ArgCondition.of(0, Op.EQ, 0x100000005L)));
        assertEquals(ALLOW, decide(s, Arch.X86, "read", 5));
        assertEquals(EPERM, decide(s, Arch.X86_64, "read", 5));
        assertEquals(ALLOW, decide(s, Arch.X86_64, "read", 0x100000005L));
    }

    @Test
    void quirkMaskedEqMasksTheExpectedValueToo() {
        // (a & 0xf0) == 0x1f is impossible by the letter, libseccomp compares with 0x1f & 0xf0
        FilterSpec s = spec(List.of(), allow("read", ArgCondition.maskedEq(0, 0xf0, 0x1f)));
        assertEquals(ALLOW, decide(s, Arch.X86_64, "read", 0x13));
    }

    @Test
    void sixtyFourBitComparisonsUseBothWords() {
        FilterSpec s = spec(List.of(), allow("read", ArgCondition.of(0, Op.GT, 0x100000000L)));
        assertEquals(ALLOW, decide(s, Arch.X86_64, "read", 0x200000000L));
        assertEquals(EPERM, decide(s, Arch.X86_64, "read", 0x100000000L));
        assertEquals(EPERM, decide(s, Arch.X86_64, "read", 0xffffffffL));
    }

    @Test
    void socketOnX86AlsoRulesSocketcallWithItsCallNumber() {
        // the rule's own condition on argument 0 is replaced on the multiplexer
        FilterSpec s = spec(List.of(Arch.X86), allow("socket", ArgCondition.of(0, Op.EQ, 2)));
        assertEquals(ALLOW, decide(s, Arch.X86, "socket", 2));
        assertEquals(ALLOW, decide(s, Arch.X86, "socketcall", 1));
        assertEquals(EPERM, decide(s, Arch.X86, "socketcall", 2));
    }

    @Test
    void x86OnlyFilterSendsX32ToTheBadArchActionButNotMinusOne() {
        FilterSpec s = spec(List.of(), allow("read"));
        assertEquals(ActionValue.KILL_PROCESS, s.decide(Arch.X32, 0x40000000).action());
        assertEquals(Decision.Reason.BAD_ARCH, s.decide(Arch.X32, 0x40000000).reason());
        assertEquals(EPERM, s.decide(Arch.X86_64, -1).action());
    }

    @Test
    void x86_64WithX32DecidesBothHalves() {
        FilterSpec s = spec(List.of(Arch.X32), allow("read"));
        assertEquals(ALLOW, s.decide(Arch.X32, 0x40000000).action());
        assertEquals(ALLOW, s.decide(Arch.X86_64, 0).action());
        assertEquals(EPERM, s.decide(Arch.X32, 0x40000001).action());
    }

    @Test
    void mixedByteOrdersAreRefused() {
        assertThrows(CompileException.class, () -> spec(List.of(Arch.S390X), allow("read")));
    }

    @Test
    void quirkPseudoSyscallFirstInLineLosesTheSyscallNumberLoad() {
        // on x86, accept exists only through socketcall, so libseccomp keeps a pseudo entry for
        // it; with every real entry carrying conditions, that entry sorts first, is left out of
        // the program, and the load of the syscall number goes with it: every x86 syscall then
        // gets the default action
        FilterSpec s = spec(List.of(Arch.X86), allow("accept"), allow("read", ArgCondition.of(0, Op.EQ, 1)));
        assertEquals(EPERM, decide(s, Arch.X86, "read", 1));
        assertEquals(EPERM, s.decide(Arch.X86, 102, 5).action());
        assertEquals(ALLOW, decide(s, Arch.X86_64, "read", 1));
    }

    @Test
    void aLostSyscallNumberLoadIsToldAndOnlyThen() {
        // recv and send exist on x86 only through socketcall: libseccomp's x86 code compares the
        // arch value with socketcall's number, and the user is told
        SpecBuilder.Result lost = SpecBuilder.build(Profile.of(Action.ERRNO, List.of(Arch.X86_64, Arch.X86),
                List.of(allow("recv"), allow("send"))), CompileOptions.runc(Arch.X86_64));
        assertEquals(EPERM, lost.spec().decide(Arch.X86, 102, 10).action());
        assertTrue(lost.warnings().stream().anyMatch(w -> w.startsWith("on x86, libseccomp's program never loads")),
                lost.warnings().toString());
        // with read named too, a real syscall sorts first and keeps the load
        SpecBuilder.Result kept = SpecBuilder.build(Profile.of(Action.ERRNO, List.of(Arch.X86_64, Arch.X86),
                List.of(allow("recv"), allow("send"), allow("read"))), CompileOptions.runc(Arch.X86_64));
        assertEquals(ALLOW, kept.spec().decide(Arch.X86, 102, 10).action());
        assertTrue(kept.warnings().stream().noneMatch(w -> w.contains("never loads")), kept.warnings().toString());
    }

    @Test
    void quirkStaleAccumulatorAfterAFallThrough() {
        // two rules on one argument: libseccomp's code for the second reuses the low word the
        // first left in the accumulator, so 0xffffffff matches "arg0 >= 2^64-1"
        FilterSpec s = SpecBuilder.build(Profile.of(Action.LOG, List.of(), List.of(
                rule(Action.KILL_PROCESS, null, "read", ArgCondition.of(0, Op.GE, -1L)),
                rule(Action.KILL_PROCESS, null, "read", ArgCondition.of(0, Op.LT, 1)))),
                CompileOptions.runc(Arch.X86_64)).spec();
        assertEquals(ActionValue.KILL_PROCESS, decide(s, Arch.X86_64, "read", 0xffffffffL));
        assertEquals(ActionValue.LOG, decide(s, Arch.X86_64, "read", 5));
    }

    @Test
    void runcAsksForTheBinaryTreeAboveThirtyTwoNames() {
        List<SyscallRule> many = new java.util.ArrayList<>();
        for (String n : List.of("read", "write", "open", "close", "stat", "fstat", "lstat", "poll", "lseek", "mmap",
                "mprotect", "munmap", "brk", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "ioctl", "pread64",
                "pwrite64", "readv", "writev", "access", "pipe", "select", "sched_yield", "mremap", "msync", "mincore",
                "madvise", "shmget", "shmat", "shmctl", "dup")) {
            many.add(allow(n));
        }
        assertEquals(2, SpecBuilder.runcOptimizeLevel(Profile.of(Action.ERRNO, List.of(), many)));
        assertEquals(1, SpecBuilder.runcOptimizeLevel(Profile.of(Action.ERRNO, List.of(), many.subList(0, 32))));
    }
}
