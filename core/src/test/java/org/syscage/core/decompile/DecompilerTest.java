package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.inspect.Assembler;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * Hand-written filters, in seccomp-tools' assembly, decompiled: the profile each should give
 * (written out from what the filter says, not from the decompiler), and the proof that the
 * profile decides alike (sampled, and exhaustively through libseccomp).
 */
class DecompilerTest {

    static BpfProgram asm(String source, Arch names) {
        return BpfProgram.of(Assembler.assemble(source, "<test>", names));
    }

    static Decompilation decompile(BpfProgram program, Arch... arches) {
        return Decompiler.decompile(program, true, List.of(arches));
    }

    static SyscallRule rule(Action action, Integer errno, List<String> names, ArgCondition... args) {
        return new SyscallRule(names, action, errno, List.of(args), null, null, null);
    }

    static Profile profile(Action dflt, Integer errno, List<Arch> arches, SyscallRule... rules) {
        return new Profile(dflt, errno, arches, List.of(), List.of(), null, null, List.of(rules), null, null);
    }

    static Finding only(Decompilation d, Finding.Kind kind) {
        assertEquals(1, d.findings().size(), () -> d.findings().stream().map(Finding::render).toList().toString());
        assertEquals(kind, d.findings().getFirst().kind());
        return d.findings().getFirst();
    }

    @Test
    void anAllowListBecomesRulesForTheAllowedSyscalls() {
        BpfProgram filter = asm("""
                A = arch
                if (A != ARCH_X86_64) goto bad
                A = sys_number
                if (A >= 0x40000000) goto bad
                if (A == read) goto allow
                if (A == write) goto allow
                if (A == exit_group) goto allow
                return KILL_PROCESS
                allow: return ALLOW
                bad: return KILL
                """, Arch.X86_64);
        Decompilation d = decompile(filter);
        assertTrue(d.exact());
        assertEquals(profile(Action.KILL_PROCESS, null, List.of(Arch.X86_64),
                rule(Action.ALLOW, null, List.of("exit_group", "read", "write"))), d.profile());
        assertEquals(Optional.of(new Decision(Action.KILL_THREAD, 0)), d.badArch());
        Agreement.assertDecidesAlike(filter, d);
    }

    @Test
    void aDenyListWithoutArchCheckIsWrittenForTheChosenArch() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A == execve) goto kill
                if (A == ptrace) goto deny
                return ALLOW
                deny: return ERRNO(1)
                kill: return KILL_PROCESS
                """, Arch.X86_64);
        Decompilation d = decompile(filter, Arch.X86_64);
        assertTrue(d.exact());
        assertEquals(profile(Action.ALLOW, null, List.of(Arch.X86_64),
                rule(Action.ERRNO, 1, List.of("ptrace")),
                rule(Action.KILL_PROCESS, null, List.of("execve"))), d.profile());
        assertEquals(Optional.empty(), d.badArch(), "other arches are decided by number, not by one decision");
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("x32 syscalls")), d.notes()::toString);
        Agreement.assertDecidesAlike(filter, d);
    }

    /** The classic hole: x86_64 checked, x32 numbers not, so x32's execve is allowed. */
    @Test
    void theX32HoleOfADenyListIsReportedNotHidden() {
        BpfProgram filter = asm("""
                A = arch
                if (A != ARCH_X86_64) goto kill
                A = sys_number
                if (A == execve) goto kill
                return ALLOW
                kill: return KILL_PROCESS
                """, Arch.X86_64);
        Decompilation all = decompile(filter);
        assertEquals(List.of(Arch.X86_64, Arch.X32), all.profile().architectures());
        Finding f = only(all, Finding.Kind.ARCH_CONFLICT);
        assertTrue(f.summary().startsWith("execve is decided differently on x86_64 and x32"), f.summary());
        assertTrue(f.details().contains("x32 (1073742344 = 0x40000208): the default, ALLOW"), f.details()::toString);

        Decompilation x86_64 = decompile(filter, Arch.X86_64);
        assertTrue(x86_64.exact());
        assertTrue(x86_64.notes().stream().anyMatch(n -> n.startsWith("x32 syscalls") && n.contains("ALLOW")));
        Agreement.assertDecidesAlike(filter, x86_64);
    }

    @Test
    void argumentTestsBecomeConditionsOnSixtyFourBitValues() {
        BpfProgram filter = asm("""
                A = arch
                if (A != ARCH_X86_64) goto bad
                A = sys_number
                if (A >= 0x40000000) goto bad
                if (A == mmap) goto mmap
                if (A == write) goto write
                if (A == kill) goto kill
                if (A == ioctl) goto ioctl
                return ERRNO(1)
                mmap:
                A = args[2]
                if (A & 0x4) goto eperm
                return ALLOW
                write:
                A = args[0] >> 32
                if (A != 1) goto eperm
                A = args[0]
                if (A == 2) goto allow
                return ERRNO(1)
                kill:
                A = args[0] >> 32
                if (A != 0) goto allow
                return ERRNO(1)
                ioctl:
                A = args[1]
                if (A == 0x5401) goto allow
                A = args[0]
                if (A == 1) goto eio
                return ERRNO(1)
                eio: return ERRNO(5)
                allow: return ALLOW
                eperm: return ERRNO(1)
                bad: return KILL
                """, Arch.X86_64);
        Decompilation d = decompile(filter);
        assertTrue(d.exact(), () -> d.findings().toString());
        List<SyscallRule> rules = d.profile().syscalls();
        assertEquals(List.of(
                rule(Action.ALLOW, null, List.of("kill"), ArgCondition.of(0, Op.GE, 1L << 32)),
                rule(Action.ALLOW, null, List.of("mmap"), ArgCondition.maskedEq(2, 4, 0)),
                rule(Action.ALLOW, null, List.of("write"), ArgCondition.of(0, Op.EQ, 0x1_0000_0002L))),
                rules.stream().filter(r -> !r.names().equals(List.of("ioctl"))).toList());
        // ioctl tests low words only, and its two decisions must not overlap: the ERRNO(5) rules
        // say "a1's low word is not TCGETS", which takes one aligned block per bit of the word.
        assertEquals(rule(Action.ALLOW, null, List.of("ioctl"), ArgCondition.maskedEq(1, 0xffffffffL, 0x5401)),
                rules.getFirst());
        List<SyscallRule> eio = rules.stream().filter(r -> r.action() == Action.ERRNO).toList();
        assertEquals(32, eio.size());
        assertTrue(eio.stream().allMatch(r -> r.args().getFirst().equals(ArgCondition.maskedEq(0, 0xffffffffL, 1))
                && r.errnoRet() == 5));
        Agreement.assertDecidesAlike(filter, d);
    }

    @Test
    void thirtyTwoBitArchesCompareTheLowWordOnly() {
        BpfProgram filter = asm("""
                A = arch
                if (A != ARCH_I386) goto bad
                A = sys_number
                if (A == socketcall) goto socketcall
                if (A == write) goto write
                return ERRNO(1)
                socketcall:
                A = args[0]
                if (A == 1) goto allow
                if (A == 3) goto allow
                return ERRNO(1)
                write:
                A = args[0]
                if (A > 2) goto eperm
                return ALLOW
                allow: return ALLOW
                eperm: return ERRNO(1)
                bad: return KILL
                """, Arch.X86);
        Decompilation d = decompile(filter);
        assertTrue(d.exact(), () -> d.findings().toString());
        assertEquals(profile(Action.ERRNO, 1, List.of(Arch.X86),
                rule(Action.ALLOW, null, List.of("socketcall"), ArgCondition.of(0, Op.EQ, 1)),
                rule(Action.ALLOW, null, List.of("socketcall"), ArgCondition.of(0, Op.EQ, 3)),
                rule(Action.ALLOW, null, List.of("write"), ArgCondition.of(0, Op.LE, 2))), d.profile());
        Agreement.assertDecidesAlike(filter, d);
    }

    @Test
    void thereIsNoProfileForTheInstructionPointer() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A != getpid) goto allow
                A = instruction_pointer
                if (A > 0x400000) goto kill
                allow: return ALLOW
                kill: return KILL_PROCESS
                """, Arch.X86_64);
        Finding f = only(decompile(filter, Arch.X86_64), Finding.Kind.HIDDEN_INPUT);
        assertEquals("x86_64: the decision depends on instruction_pointer, which a profile cannot see; for getpid (39)",
                f.summary());
        assertTrue(f.details().contains("  0003: if (A > 0x400000) goto 0005"), f.details()::toString);
    }

    /**
     * QA's h2: a test of the instruction pointer before any dispatch. The filter returns ALLOW
     * for all but one address and never KILL_PROCESS, so the partial profile's default is ALLOW,
     * and the finding about unnamed numbers says on which address they are killed.
     */
    @Test
    void anInstructionPointerTestBeforeTheDispatchLeavesTheDefaultTheFilterMostlyGives() {
        BpfProgram filter = asm("""
                A = instruction_pointer
                if (A == 0x1000) goto a
                return ALLOW
                a:
                return KILL
                """, Arch.X86_64);
        Decompilation d = decompile(filter, Arch.X86_64);
        assertEquals(profile(Action.ALLOW, null, List.of(Arch.X86_64)), d.profile());
        Finding unnamed = d.findings().stream().filter(f -> f.kind() == Finding.Kind.UNNAMED_NUMBERS).findFirst().orElseThrow();
        assertEquals("x86_64: syscall numbers no name stands for do not all get the default action, ALLOW; "
                + "a profile can only name syscalls", unnamed.summary());
        assertEquals(List.of("KILL_THREAD for 0..1073741823, 4294967295, when instruction_pointer (low) in 0x1000"),
                unnamed.details());
        assertEquals(Set.of(Finding.Kind.UNNAMED_NUMBERS, Finding.Kind.HIDDEN_INPUT),
                d.findings().stream().map(Finding::kind).collect(java.util.stream.Collectors.toSet()));
        assertTrue(d.leftToDefault().containsAll(List.of("getpid", "read", "write")), d.leftToDefault()::toString);
        assertEquals(Set.of(Arch.X86_64), d.unnamedLeftToDefault());
    }

    /** Only the syscalls a finding is about are left to the default; the others keep their rules. */
    @Test
    void aPartialProfileKeepsTheRulesOfSyscallsNoFindingIsAbout() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A == getpid) goto deny
                A = instruction_pointer
                if (A == 0x1000) goto kill
                return ALLOW
                deny: return ERRNO(1)
                kill: return KILL
                """, Arch.X86_64);
        Decompilation d = decompile(filter, Arch.X86_64);
        assertEquals(profile(Action.ALLOW, null, List.of(Arch.X86_64), rule(Action.ERRNO, 1, List.of("getpid"))),
                d.profile());
        assertFalse(d.leftToDefault().contains("getpid"));
        assertTrue(d.leftToDefault().contains("read"));
    }

    /** Unnamed numbers decided apart for some arguments only: the finding names those arguments. */
    @Test
    void unnamedNumbersDecidedApartByArgumentSayWhichArguments() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A != 999) goto allow
                A = args[0]
                if (A == 1) goto deny
                allow: return ALLOW
                deny: return ERRNO(1)
                """, Arch.X86_64);
        Finding f = only(decompile(filter, Arch.X86_64), Finding.Kind.UNNAMED_NUMBERS);
        assertEquals(List.of("ERRNO(1) for 999, when args[0] (low) in 0x1"), f.details());
    }

    @Test
    void arithmeticOnArgumentsIsListedWithItsPath() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A != write) goto allow
                A = args[2]
                A += 1
                if (A > 0x1000) goto kill
                allow: return ALLOW
                kill: return KILL_PROCESS
                """, Arch.X86_64);
        Decompilation d = decompile(filter, Arch.X86_64);
        Finding f = only(d, Finding.Kind.INEXPRESSIBLE_PATH);
        assertEquals("x86_64: instruction 0004 compares args[2] (low) after add at 0003 with a constant: a profile "
                + "compares an argument itself (or masked by AND) with constants only; for write (1)", f.summary());
        assertEquals(List.of("for example along:", "  0000: A = sys_number", "  0001: if (A != write) goto 0005",
                "  0002: A = args[2]", "  0003: A += 0x1", "  0004: if (A > 4096) goto 0006"), f.details());
        // The partial profile leaves write to the default and is right everywhere else.
        assertEquals(profile(Action.ALLOW, null, List.of(Arch.X86_64)), d.profile());
    }

    @Test
    void comparingTwoArgumentsThroughXIsListed() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A != dup2) goto allow
                A = args[0]
                X = A
                A = args[1]
                if (A == X) goto deny
                allow: return ALLOW
                deny: return ERRNO(22)
                """, Arch.X86_64);
        Finding f = only(decompile(filter, Arch.X86_64), Finding.Kind.INEXPRESSIBLE_PATH);
        assertTrue(f.summary().startsWith("x86_64: instruction 0005 compares args[1] (low) with args[0] (low): "
                + "a profile compares an argument with constants only; for dup2 (33)"), f.summary());
    }

    @Test
    void returningAComputedValueIsListed() {
        BpfProgram filter = asm("""
                A = args[0]
                A &= 0xfff
                A |= 0x50000
                return A
                """, Arch.X86_64);
        Decompilation d = decompile(filter, Arch.X86_64);
        assertFalse(d.exact());
        assertTrue(d.findings().stream().allMatch(f -> f.kind() == Finding.Kind.INEXPRESSIBLE_PATH));
        assertTrue(d.findings().getFirst().summary().contains("instruction 0003 returns A, computed from args[0] (low)"),
                d.findings().getFirst().summary());
    }

    @Test
    void trapWithDataHasNoProfileAction() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A == getpid) goto trap
                return ALLOW
                trap: return TRAP(7)
                """, Arch.X86_64);
        only(decompile(filter, Arch.X86_64), Finding.Kind.INEXPRESSIBLE_ACTION);
    }

    @Test
    void unnamedNumbersThatDoNotGetTheDefaultAreReported() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A > 1000) goto enosys
                if (A == getpid) goto allow
                return ERRNO(1)
                enosys: return ERRNO(38)
                allow: return ALLOW
                """, Arch.X86_64);
        Finding f = only(decompile(filter, Arch.X86_64), Finding.Kind.UNNAMED_NUMBERS);
        assertEquals(List.of("ERRNO(38) for 1001..1073741823, 4294967295 (like runc's stub for syscalls newer than the "
                + "profile: syscage compile --enosys-stub adds one)"), f.details());
    }

    /** Older libseccomp versions sent nr -1 to the bad-arch action with the x32 numbers; only a note. */
    @Test
    void nrMinusOneApartFromTheDefaultIsANote() {
        BpfProgram filter = asm("""
                A = arch
                if (A != ARCH_X86_64) goto bad
                A = sys_number
                if (A >= 0x40000000) goto bad
                if (A == write) goto allow
                return ERRNO(5)
                allow: return ALLOW
                bad: return KILL
                """, Arch.X86_64);
        Decompilation d = decompile(filter);
        assertTrue(d.exact());
        assertEquals(List.of(Arch.X86_64), d.skippedCallApart());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("nr -1")));
        Agreement.assertDecidesAlike(filter, d);
    }

    @Test
    void returnValuesAreReadAsTheKernelReadsThem() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A == getpid) goto allow
                if (A == open) goto unknown
                return ERRNO(1)
                allow: return 0x7fff0005
                unknown: return 0x00010000
                """, Arch.X86_64);
        Decompilation d = decompile(filter, Arch.X86_64);
        assertTrue(d.exact());
        assertEquals(profile(Action.ERRNO, 1, List.of(Arch.X86_64),
                rule(Action.ALLOW, null, List.of("getpid")),
                rule(Action.KILL_PROCESS, null, List.of("open"))), d.profile());
        assertEquals(List.of("instruction 0004 returns 0x7fff0005 is ALLOW with data 5, which the kernel ignores; "
                        + "the profile says ALLOW",
                "instruction 0005 returns 0x00010000 is no action the kernel knows; it kills the process, as "
                        + "KILL_PROCESS does; the profile says KILL_PROCESS"),
                d.notes().stream().filter(n -> n.startsWith("instruction")).toList());
        Agreement.assertDecidesAlike(filter, d);
    }

    /** The kernel caps ERRNO(5000) at 4095, but libseccomp refuses errno 4095 and up: no profile says it. */
    @Test
    void errnoFromTheKernelsCapUpIsNoProfileAction() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A == open) goto capped
                return ALLOW
                capped: return ERRNO(5000)
                """, Arch.X86_64);
        Finding f = only(decompile(filter, Arch.X86_64), Finding.Kind.INEXPRESSIBLE_ACTION);
        assertEquals("x86_64: the filter returns ERRNO(4095), which no profile action gives (libseccomp refuses an "
                + "errno of 4095 or more); for open (2)", f.summary());
    }

    /**
     * a2 outside [0x1_0040_0000, 0x1_ffff_ffff] reads best as {@code a2 <= 0x1003fffff} or
     * {@code a2 >= 0x200000000}, but libseccomp 2.5 compiles that pair wrongly (after the low-word
     * test of the first fails, the second compares the low word as if it were the high one).
     * syscage's compiler does what libseccomp does, the proof catches it, and the rules come in
     * the next plainer form.
     */
    @Test
    void rulesLibseccompWouldMiscompileAreWrittenPlainer() {
        BpfProgram filter = asm("""
                A = sys_number
                if (A != connect) goto other
                A = args[2] >> 32
                if (A != 1) goto eperm
                A = args[2]
                if (A >= 0x400000) goto other
                eperm: return ERRNO(1)
                other: return ERRNO(13)
                """, Arch.X86_64);
        Decompilation unproved = Decompiler.decompile(filter, true, List.of(Arch.X86_64), null);
        Decompilation d = decompile(filter, Arch.X86_64);
        assertTrue(d.exact());
        assertTrue(d.recompiled().orElseThrow().equivalent());
        assertEquals(profile(Action.ERRNO, 13, List.of(Arch.X86_64),
                rule(Action.ERRNO, 1, List.of("connect"), ArgCondition.maskedEq(2, 0xffffffff00000000L, 0)),
                rule(Action.ERRNO, 1, List.of("connect"), ArgCondition.maskedEq(2, 0xffffffffffc00000L, 0x100000000L)),
                rule(Action.ERRNO, 1, List.of("connect"), ArgCondition.of(2, Op.GE, 0x200000000L))), d.profile());
        assertTrue(d.notes().contains("connect: written with one range condition per argument, since the compiler "
                + "(as libseccomp 2.5 does) miscompiled its rules in a more readable form"), d.notes()::toString);
        assertEquals(unproved.profile(), d.profile(), "without a compiler to prove rules, this cautious form is the first choice");
        Agreement.assertDecidesAlike(filter, d);
    }

    @Test
    void archesOfTheOtherByteOrderAreRefused() {
        BpfProgram filter = asm("return ALLOW", Arch.X86_64);
        InputException e = assertThrows(InputException.class, () -> decompile(filter, Arch.S390X));
        assertEquals("s390x is big-endian, expected arches of the filter's byte order", e.getMessage());
    }
}
