package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.lint.LintContext;
import org.syscage.core.lint.Linter;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.record.ArgumentRules.Decision;

class ArgumentRulesTest {
    private static final List<Arch> X86_64 = List.of(Arch.X86_64);

    private static ArgumentValues seen(Arch arch, String name, List<List<Long>> keys) {
        return new ArgumentValues(arch, name, DecidingArgument.of(name).orElseThrow(), keys, false);
    }

    @Test
    void socketGetsOneRulePerFamilyAndTypeWithTheFlagBitsFree() {
        // AF_INET = 2, SOCK_STREAM = 1; AF_UNIX = 1, SOCK_DGRAM = 2 (linux/socket.h, linux/net.h)
        Map<String, Decision> d = ArgumentRules.decide(List.of(seen(Arch.X86_64, "socket",
                List.of(List.of(2L, 1L), List.of(1L, 2L)))), Set.of(), X86_64);

        Decision.Restricted socket = assertInstanceOf(Decision.Restricted.class, d.get("socket"));
        long notFlags = 0xFFFF_FFFFL & ~0x80800L; // ~(SOCK_NONBLOCK 04000 | SOCK_CLOEXEC 02000000)
        assertEquals(List.of(
                List.of(ArgCondition.of(0, Op.EQ, 1), ArgCondition.maskedEq(1, notFlags, 2)),
                List.of(ArgCondition.of(0, Op.EQ, 2), ArgCondition.maskedEq(1, notFlags, 1))), socket.clauses());
    }

    @Test
    void theRulesOfEachKindAreTheDocumentedOnes() {
        Map<String, Decision> d = ArgumentRules.decide(List.of(
                seen(Arch.X86_64, "clone", List.of(List.of(0L))),
                seen(Arch.X86_64, "unshare", List.of(List.of(0x50000000L))),
                seen(Arch.X86_64, "setns", List.of(List.of(0L), List.of(0x40000000L))),
                seen(Arch.X86_64, "personality", List.of(List.of(0xffffffffL))),
                seen(Arch.X86_64, "ioctl", List.of(List.of(0x5401L))),
                seen(Arch.X86_64, "prctl", List.of(List.of(15L))),
                seen(Arch.X86_64, "fcntl", List.of(List.of(1L), List.of(2L))),
                seen(Arch.X86_64, "mprotect", List.of(List.of(0L)))), Set.of(), X86_64);

        assertEquals(List.of(List.of(ArgCondition.maskedEq(0, 0x7E020000L, 0))), clauses(d, "clone"));
        // unshare's mask adds CLONE_NEWTIME (0x80), which unshare reads and clone does not
        assertEquals(List.of(List.of(ArgCondition.maskedEq(0, 0x7E020080L, 0x50000000L))), clauses(d, "unshare"));
        // setns: nstype 0 (whatever namespace the fd is) stays a value of its own; CLONE_NEWNET = 0x40000000
        assertEquals(List.of(List.of(ArgCondition.maskedEq(1, 0xffffffffL, 0)),
                List.of(ArgCondition.maskedEq(1, 0xffffffffL, 0x40000000L))), clauses(d, "setns"));
        assertEquals(List.of(List.of(ArgCondition.of(0, Op.EQ, 0xffffffffL))), clauses(d, "personality"));
        assertEquals(List.of(List.of(ArgCondition.maskedEq(1, 0xffffffffL, 0x5401))), clauses(d, "ioctl"));
        assertEquals(List.of(List.of(ArgCondition.of(0, Op.EQ, 15))), clauses(d, "prctl"));
        assertEquals(List.of(List.of(ArgCondition.of(1, Op.EQ, 1)), List.of(ArgCondition.of(1, Op.EQ, 2))),
                clauses(d, "fcntl"));
        assertEquals(List.of(List.of(ArgCondition.maskedEq(2, 4, 0))), clauses(d, "mprotect"));
    }

    private static List<List<ArgCondition>> clauses(Map<String, Decision> d, String name) {
        return assertInstanceOf(Decision.Restricted.class, d.get(name), name).clauses();
    }

    @Test
    void whenASyscallStaysUnrestricted() {
        List<ArgumentValues> values = List.of(
                seen(Arch.X86_64, "mmap", List.of(List.of(0L), List.of(4L))),        // PROT_EXEC used
                seen(Arch.X86_64, "fcntl", List.of(List.of(1L))),                    // in the base set
                new ArgumentValues(Arch.X86_64, "ioctl", DecidingArgument.IOCTL, List.of(List.of(1L)), true));
        Map<String, Decision> d = ArgumentRules.decide(values, Set.of("fcntl"), X86_64);

        assertEquals(new Decision.Unrestricted("PROT_EXEC was used"), d.get("mmap"));
        assertTrue(((Decision.Unrestricted) d.get("fcntl")).reason().contains("base set"), d.get("fcntl").toString());
        assertEquals(new Decision.Unrestricted("more than 64 distinct values"), d.get("ioctl"));
    }

    @Test
    void anArchThatReadsTheArgumentDifferentlyLeavesTheSyscallUnrestricted() {
        List<ArgumentValues> values = List.of(
                seen(Arch.X86_64, "socket", List.of(List.of(2L, 1L))),
                seen(Arch.X86_64, "mmap", List.of(List.of(0L))),
                seen(Arch.X86, "mmap2", List.of(List.of(0L))),
                seen(Arch.X86, "mprotect", List.of(List.of(0L))),
                seen(Arch.X86_64, "clone", List.of(List.of(0L))),
                seen(Arch.X86_64, "ioctl", List.of(List.of(0x5401L))));
        Map<String, Decision> withI386 = ArgumentRules.decide(values, Set.of(), List.of(Arch.X86_64, Arch.X86));
        // i386: socketcall(2) carries socket's arguments in memory; its mmap (90) is old_mmap(struct *),
        // while mmap2 and mprotect take prot in a2 as everywhere
        assertInstanceOf(Decision.Unrestricted.class, withI386.get("socket"));
        assertInstanceOf(Decision.Unrestricted.class, withI386.get("mmap"));
        assertInstanceOf(Decision.Restricted.class, withI386.get("mmap2"));
        assertInstanceOf(Decision.Restricted.class, withI386.get("mprotect"));
        assertInstanceOf(Decision.Restricted.class, withI386.get("clone"));
        assertInstanceOf(Decision.Restricted.class, withI386.get("ioctl"));
        // s390x: clone(newsp, flags, ...)
        Map<String, Decision> withS390x = ArgumentRules.decide(values, Set.of(), List.of(Arch.X86_64, Arch.S390X));
        assertInstanceOf(Decision.Unrestricted.class, withS390x.get("clone"));
    }

    @Test
    void valuesSeenOnSeveralArchesAreUnited() {
        Map<String, Decision> d = ArgumentRules.decide(List.of(
                seen(Arch.X86_64, "ioctl", List.of(List.of(0x5401L))),
                seen(Arch.X86, "ioctl", List.of(List.of(0x5413L), List.of(0x5401L)))), Set.of(),
                List.of(Arch.X86_64, Arch.X86));
        assertEquals(List.of(List.of(ArgCondition.maskedEq(1, 0xffffffffL, 0x5401)),
                List.of(ArgCondition.maskedEq(1, 0xffffffffL, 0x5413))), clauses(d, "ioctl"));
    }

    @Test
    void rulesKeepUnrestrictedNamesInOneRuleAndShareClauses() {
        Map<String, Decision> d = ArgumentRules.decide(List.of(
                seen(Arch.X86_64, "mmap", List.of(List.of(0L))),
                seen(Arch.X86_64, "mprotect", List.of(List.of(0L))),
                seen(Arch.X86_64, "prctl", List.of(List.of(15L)))), Set.of(), X86_64);
        List<SyscallRule> rules = ArgumentRules.rules(new TreeSet<>(List.of("mmap", "mprotect", "prctl", "read")), d);

        assertEquals(List.of(
                SyscallRule.of(List.of("read"), Action.ALLOW),
                SyscallRule.of(List.of("mmap", "mprotect"), Action.ALLOW, ArgCondition.maskedEq(2, 4, 0)),
                SyscallRule.of(List.of("prctl"), Action.ALLOW, ArgCondition.of(0, Op.EQ, 15))), rules);
    }

    /**
     * The compiled rules decide as meant: a call with a recorded key is allowed, one with another
     * family or type is not, and SOCK_NONBLOCK/SOCK_CLOEXEC and the register's upper half (which
     * the kernel ignores for an int) do not matter. Differential against the plain arithmetic.
     */
    @Property(tries = 200)
    void compiledSocketRulesAllowExactlyTheRecordedPairs(@ForAll @IntRange(min = 0, max = 45) int family,
                                                         @ForAll @IntRange(min = 0, max = 10) int type,
                                                         @ForAll boolean nonblock, @ForAll boolean cloexec) {
        SortedSet<String> names = new TreeSet<>(List.of("socket", "exit_group"));
        Map<String, Decision> d = ArgumentRules.decide(List.of(seen(Arch.X86_64, "socket",
                List.of(List.of(2L, 1L), List.of(1L, 2L), List.of(10L, 2L)))), Set.of(), X86_64);
        BpfProgram program = Compiler.compile(Profile.of(Action.ERRNO, X86_64, ArgumentRules.rules(names, d)),
                CompileOptions.defaults()).program();
        long typeArg = type | (nonblock ? 0x800 : 0) | (cloexec ? 0x80000 : 0);
        int nr = SyscallTable.of(Arch.X86_64).number("socket").orElseThrow();
        int result = Emulator.decide(program, SeccompData.of(Arch.X86_64, nr, family, typeArg, 0, 0, 0, 0), Arch.X86_64);
        boolean recorded = (family == 2 && type == 1) || (family == 1 && type == 2) || (family == 10 && type == 2);
        assertEquals(recorded, result == 0x7fff0000, "family " + family + " type 0x" + Long.toHexString(typeArg));
    }

    /**
     * The compiled unshare rule lets through exactly the recorded namespace sets, whatever the
     * other flags (CLONE_FS 0x200, CLONE_FILES 0x400, CLONE_SYSVSEM 0x40000) beside them.
     */
    @Property(tries = 200)
    void compiledUnshareRulesAllowExactlyTheRecordedNamespaces(@ForAll @IntRange(min = 0, max = 255) int namespaces,
                                                              @ForAll boolean fs, @ForAll boolean files) {
        // bit i of namespaces picks the i-th CLONE_NEW* bit, from linux/sched.h
        long[] bits = {0x20000L, 0x2000000L, 0x4000000L, 0x8000000L, 0x10000000L, 0x20000000L, 0x40000000L, 0x80L};
        long ns = 0;
        for (int i = 0; i < bits.length; i++) {
            ns |= (namespaces >> i & 1) != 0 ? bits[i] : 0;
        }
        long flags = ns | (fs ? 0x200 : 0) | (files ? 0x400 : 0);
        long userAndNet = 0x10000000L | 0x40000000L;
        SortedSet<String> names = new TreeSet<>(List.of("unshare", "exit_group"));
        Map<String, Decision> d = ArgumentRules.decide(List.of(seen(Arch.X86_64, "unshare",
                List.of(List.of(userAndNet), List.of(0L)))), Set.of(), X86_64);
        BpfProgram program = Compiler.compile(Profile.of(Action.ERRNO, X86_64, ArgumentRules.rules(names, d)),
                CompileOptions.defaults()).program();
        int nr = SyscallTable.of(Arch.X86_64).number("unshare").orElseThrow();
        int result = Emulator.decide(program, SeccompData.of(Arch.X86_64, nr, flags, 0, 0, 0, 0, 0), Arch.X86_64);
        assertEquals(ns == userAndNet || ns == 0, result == 0x7fff0000, "flags 0x" + Long.toHexString(flags));
    }

    private static Set<String> lintIds(Profile p) {
        return new TreeSet<>(Linter.lint(p, LintContext.of(ResolveOptions.host())).stream().map(f -> f.id()).toList());
    }

    @Test
    void recordedRulesAddNoLintWarnings() {
        SortedSet<String> names = new TreeSet<>(List.of("socket", "clone", "unshare", "personality", "ioctl", "prctl", "fcntl",
                "mmap", "mprotect", "read", "exit_group", "execve"));
        List<ArgumentValues> values = List.of(
                seen(Arch.X86_64, "socket", List.of(List.of(2L, 1L))),
                seen(Arch.X86_64, "clone", List.of(List.of(0L))),
                seen(Arch.X86_64, "unshare", List.of(List.of(0L))),
                seen(Arch.X86_64, "personality", List.of(List.of(0xffffffffL), List.of(0L))),
                seen(Arch.X86_64, "ioctl", List.of(List.of(0x80045430L))),
                seen(Arch.X86_64, "prctl", List.of(List.of(15L))),
                seen(Arch.X86_64, "fcntl", List.of(List.of(1L))),
                seen(Arch.X86_64, "mmap", List.of(List.of(0L))),
                seen(Arch.X86_64, "mprotect", List.of(List.of(0L))));
        for (List<Arch> arches : List.of(X86_64, List.of(Arch.X86_64, Arch.X86))) {
            Profile namesOnly = Profile.of(Action.ERRNO, arches, List.of(SyscallRule.of(List.copyOf(names), Action.ALLOW)));
            Profile withArgs = Profile.of(Action.ERRNO, arches, ArgumentRules.rules(names,
                    ArgumentRules.decide(values, Set.of(), arches)));
            Set<String> before = lintIds(namesOnly);
            Set<String> after = lintIds(withArgs);
            // Names only, clone, unshare and personality draw warnings (SC002, SC003); the recorded
            // values silence them and bring no finding of their own.
            assertTrue(before.containsAll(Set.of("SC002", "SC003")), before.toString());
            assertTrue(before.containsAll(after), arches + ": " + before + " then " + after);
            assertTrue(!after.contains("SC002") && !after.contains("SC003"), after.toString());
        }
    }
}
