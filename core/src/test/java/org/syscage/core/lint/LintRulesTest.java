package org.syscage.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.lint.LintFixtures.AMD64;
import static org.syscage.core.lint.LintFixtures.line;
import static org.syscage.core.lint.LintFixtures.lintFor;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.KernelVersion;

/** Every lint rule with a profile where it fires and one where it stays quiet. */
class LintRulesTest {

    static List<String> syscalls(List<Finding> findings) {
        return findings.stream().flatMap(f -> f.syscalls().stream()).toList();
    }

    @Test
    void rulesHaveUniqueIdsInOrderAndSayWhatTheyCheck() {
        List<String> ids = Linter.RULES.stream().map(LintRule::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(ids.size(), Set.copyOf(ids).size());
        assertEquals(Linter.RULES.size(), Linter.RULES.stream().map(LintRule::name).collect(Collectors.toSet()).size());
        for (LintRule r : Linter.RULES) {
            assertTrue(r.name().matches("[a-z0-9]+(-[a-z0-9]+)*"), r.name());
            assertTrue(r.summary().length() > 20 && r.help().length() > 80, r.id());
        }
        assertEquals("SC009", Linter.rule("allow-and-deny").orElseThrow().id());
    }

    @Nested
    class SC001DangerousAllow {
        @Test
        void firesForAnAllowedDangerousSyscallAtItsName() {
            var f = lintFor("SC001", """
                    {
                      "defaultAction": "SCMP_ACT_ERRNO",
                      "syscalls": [
                        {"names": ["read", "write", "execve"], "action": "SCMP_ACT_ALLOW"},
                        {"names": ["bpf",
                                   "kexec_load"], "action": "SCMP_ACT_ALLOW"}
                      ]
                    }
                    """);
            assertEquals(List.of("bpf", "kexec_load"), syscalls(f));
            assertEquals(Severity.WARNING, f.get(0).severity());
            assertEquals(5, line(f.get(0)));
            assertTrue(f.get(0).fix().contains("remove bpf"), f.get(0).fix());
            assertEquals(Severity.ERROR, f.get(1).severity());
            assertEquals(6, line(f.get(1)));
        }

        @Test
        void ptraceIsAnErrorOnlyBeforeLinux48() {
            String profile = """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace", "execve"], "action": "SCMP_ACT_ALLOW"}]}
                    """;
            assertEquals(Severity.INFO, lintFor("SC001", profile).getFirst().severity());
            assertEquals(Severity.ERROR, lintFor("SC001", profile, AMD64.withKernel(KernelVersion.of(4, 4)))
                    .getFirst().severity());
        }

        @Test
        void quietWhenDangerousSyscallsAreDeniedOrAbsent() {
            assertEquals(List.of(), lintFor("SC001", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["read", "execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["bpf", "mount"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                    """));
        }
    }

    @Nested
    class SC002NamespaceCreation {
        @Test
        void firesForCloneWithoutFlagLimitsUnshareLettingCloneNewUserAndClone3() {
            var f = lintFor("SC002", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["clone", "clone3", "execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["unshare"], "action": "SCMP_ACT_ALLOW",
                       "args": [{"index": 0, "value": 268435456, "op": "SCMP_CMP_EQ"}]}]}
                    """);
            assertEquals(List.of("clone", "clone3", "unshare"), syscalls(f));
            assertTrue(f.get(2).message().contains("a0 == 0x10000000"), f.get(2).message());
        }

        @Test
        void quietWithDockersFlagMaskAndClone3Enosys() {
            assertEquals(List.of(), lintFor("SC002", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
                       "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
                      {"names": ["unshare"], "action": "SCMP_ACT_ALLOW",
                       "args": [{"index": 0, "value": 2114060416, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
                      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
                    """));
        }

        @Test
        void cloneFlagsAreTheSecondArgumentOnS390x() {
            String maskOn = """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
                       "args": [{"index": %d, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]}
                    """;
            var s390x = AMD64.withArch(Arch.S390X);
            assertEquals(List.of(), lintFor("SC002", maskOn.formatted(1), s390x));
            assertEquals(List.of("clone"), syscalls(lintFor("SC002", maskOn.formatted(0), s390x)));
        }
    }

    @Nested
    class SC003UnrestrictedPersonality {
        @Test
        void firesWithoutArguments() {
            var f = lintFor("SC003", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality", "execve"], "action": "SCMP_ACT_ALLOW"}]}
                    """);
            assertEquals(List.of("personality"), syscalls(f));
        }

        @Test
        void quietWithDockersPersonas() {
            assertEquals(List.of(), lintFor("SC003", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
                      {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}
                    """));
        }
    }

    @Nested
    class SC004CompatArchDoor {
        static final String DENY_SETUID = """
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": [%s],
                 "syscalls": [{"names": [%s], "action": "SCMP_ACT_ERRNO"}]}
                """;

        @Test
        void firesWhenX86ReachesTheDeniedOperationUnderAnotherName() {
            var f = lintFor("SC004", DENY_SETUID.formatted("\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"", "\"setuid\", \"mmap\""));
            assertEquals(List.of("setuid", "mmap"), syscalls(f));
            assertTrue(f.get(0).message().contains("setuid32"), f.get(0).message());
            assertTrue(f.get(1).message().contains("mmap2"), f.get(1).message());
        }

        @Test
        void quietWhenTheCompatNameIsDeniedTooOrTheArchIsNotFiltered() {
            assertEquals(List.of(), lintFor("SC004",
                    DENY_SETUID.formatted("\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"", "\"setuid\", \"setuid32\"")));
            // x86_64 alone: libseccomp kills i386 and x32 syscalls as a bad arch
            assertEquals(List.of(), lintFor("SC004", DENY_SETUID.formatted("\"SCMP_ARCH_X86_64\"", "\"setuid\"")));
        }
    }

    @Nested
    class SC005Architectures {
        @Test
        void firesForAMissingNativeArchAndForMixedByteOrders() {
            var missing = lintFor("SC005", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_AARCH64"]}
                    """);
            assertEquals(Severity.WARNING, missing.getFirst().severity());
            assertTrue(missing.getFirst().message().contains("not x86_64"), missing.getFirst().message());
            var mixed = lintFor("SC005", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"]}
                    """);
            assertEquals(Severity.ERROR, mixed.getFirst().severity());
        }

        @Test
        void firesForADockerArchMapWithoutTheHostsArch() {
            var f = lintFor("SC005", """
                    {"defaultAction": "SCMP_ACT_ALLOW",
                     "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}]}
                    """);
            assertTrue(f.getFirst().message().startsWith("archMap has no entry for x86_64"), f.getFirst().message());
        }

        @Test
        void quietForTheNativeArchWithItsCompatArches() {
            assertEquals(List.of(), lintFor("SC005", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]}
                    """));
        }
    }

    @Nested
    class SC006RuleEqualsDefault {
        @Test
        void firesForARuleRuncDrops() {
            var f = lintFor("SC006", """
                    {"defaultAction": "SCMP_ACT_ERRNO",
                     "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                                  {"names": ["reboot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
                    """);
            assertEquals(Severity.INFO, f.getFirst().severity());
            assertEquals(List.of("reboot"), syscalls(f));
        }

        @Test
        void isAWarningWhenTheDroppedRuleWasMeantToOverrideAnother() {
            var f = lintFor("SC006", """
                    {"defaultAction": "SCMP_ACT_ERRNO",
                     "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                                  {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}]},
                                  {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO"}]}
                    """);
            assertEquals(Severity.WARNING, f.getFirst().severity());
            assertTrue(f.getFirst().message().contains("does not override"), f.getFirst().message());
        }

        @Test
        void theMessageStartsInLowerCaseLikeEveryOther() {
            var f = lintFor("SC006", """
                    {"defaultAction": "SCMP_ACT_ERRNO",
                     "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                                  {"names": ["reboot"], "action": "SCMP_ACT_ERRNO"}]}
                    """);
            assertEquals("the rule at line 3 (reboot) has the default action's verdict ERRNO(1): runc drops it, so it has "
                    + "no effect.", f.getFirst().message());
        }

        @Test
        void quietForAnotherErrno() {
            assertEquals(List.of(), lintFor("SC006", """
                    {"defaultAction": "SCMP_ACT_ERRNO",
                     "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                                  {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
                    """));
        }
    }

    @Nested
    class SC007DuplicateRule {
        @Test
        void firesForANameTwiceAndARepeatedRule() {
            var f = lintFor("SC007", """
                    {"defaultAction": "SCMP_ACT_ERRNO",
                     "syscalls": [{"names": ["execve", "read", "read"], "action": "SCMP_ACT_ALLOW"},
                                  {"names": ["write"], "action": "SCMP_ACT_ALLOW"},
                                  {"names": ["write"], "action": "SCMP_ACT_ALLOW"}]}
                    """);
            assertEquals(List.of("read", "write"), syscalls(f));
        }

        @Test
        void quietForDifferentConditions() {
            assertEquals(List.of(), lintFor("SC007", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
                      {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}
                    """));
        }
    }

    @Nested
    class SC008ShadowedRule {
        @Test
        void firesForARuleAfterAnUnconditionalOneAndForARuleALaterOneReplaces() {
            var f = lintFor("SC008", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO"},
                      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
                      {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 25, "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]},
                      {"names": ["ioctl"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                    """);
            assertEquals(List.of("clone3", "ioctl"), syscalls(f));
            assertTrue(f.get(0).message().contains("earlier unconditional rule"), f.get(0).message());
            assertTrue(f.get(1).message().contains("replaces"), f.get(1).message());
        }

        @Test
        void quietWhenEachSyscallHasOneRule() {
            assertEquals(List.of(), lintFor("SC008", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
                      {"names": ["ioctl"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                    """));
        }
    }

    @Nested
    class SC009AllowAndDeny {
        @Test
        void firesForCrioStyleSetnsWhereTheDenyNeverApplies() {
            var f = lintFor("SC009", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                      {"names": ["execve", "setns"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["setns"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
                    """);
            assertEquals(Severity.WARNING, f.getFirst().severity());
            assertEquals(3, line(f.getFirst()));
            assertTrue(f.getFirst().message().contains("the result is ALLOW whatever its arguments"), f.getFirst().message());
        }

        @Test
        void isInformationalWhenConditionsExcludeEachOther() {
            var f = lintFor("SC009", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_NE"}]},
                      {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22, "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_EQ"}]}]}
                    """);
            assertEquals(Severity.INFO, f.getFirst().severity());
        }

        /** QA: "kill is allowed by the rule at line 12" for a LOG rule; each rule is named with its own action. */
        @Test
        void namesEachRulesOwnAction() {
            var f = lintFor("SC009", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["kill"], "action": "SCMP_ACT_TRAP", "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_EQ"}]},
                      {"names": ["kill"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                    """);
            assertTrue(f.getFirst().message().startsWith("kill is allowed with LOG by the rule at line 4 when a0 == 1 and "
                    + "denied with TRAP by the rule at line 3 when a1 == 9; "), f.getFirst().message());
            var plain = lintFor("SC009", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                      {"names": ["execve", "setns"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["setns"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
                    """);
            assertTrue(plain.getFirst().message().startsWith("setns is allowed by the rule at line 2 and denied with "
                    + "ERRNO(1) by the rule at line 3; "), plain.getFirst().message());
        }

        @Test
        void quietWhenASyscallIsOnlyAllowed() {
            assertEquals(List.of(), lintFor("SC009", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["execve", "setns"], "action": "SCMP_ACT_ALLOW"}]}
                    """));
        }
    }

    @Nested
    class SC010RepeatedArgumentIndex {
        @Test
        void firesAndSaysTheConditionsAreOred() {
            var f = lintFor("SC010", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["setpriority"], "action": "SCMP_ACT_ALLOW",
                       "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GE"}, {"index": 0, "value": 5, "op": "SCMP_CMP_LE"}]}]}
                    """);
            assertTrue(f.getFirst().message().contains("a0 >= 1 || a0 <= 5"), f.getFirst().message());
        }

        @Test
        void quietForConditionsOnDifferentArguments() {
            assertEquals(List.of(), lintFor("SC010", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["setpriority"], "action": "SCMP_ACT_ALLOW",
                       "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GE"}, {"index": 1, "value": 5, "op": "SCMP_CMP_LE"}]}]}
                    """));
        }
    }

    @Nested
    class SC011HighWordOn32Bit {
        static final String PROFILE = """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": [%s], "syscalls": [
                  {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                  {"names": ["lseek"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": %s, "op": "SCMP_CMP_EQ"}]}]}
                """;

        @Test
        void firesWhenI386ComparesOnlyTheLowWord() {
            var f = lintFor("SC011", PROFILE.formatted("\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"", "4294967298"));
            assertTrue(f.getFirst().message().contains("becomes a1 == 2"), f.getFirst().message());
        }

        @Test
        void quietOn64BitOnlyAndForSignExtendedNegatives() {
            assertEquals(List.of(), lintFor("SC011", PROFILE.formatted("\"SCMP_ARCH_X86_64\"", "4294967298")));
            // -100 (AT_FDCWD) sign-extended means the same in 32 bits
            assertEquals(List.of(), lintFor("SC011",
                    PROFILE.formatted("\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"", "18446744073709551516")));
        }
    }

    /**
     * Every message starts in lower case, as compiler messages do ("on x86, socket is …"); a
     * leading constant such as SCMP_ACT_NOTIFY stays as written.
     */
    @Test
    void everyMessageStartsInLowerCase() {
        var findings = LintFixtures.lint("""
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
                 "syscalls": [
                   {"names": ["kexec_load", "init_module", "setuid", "mmap", "open_by_handle_at"], "action": "SCMP_ACT_ERRNO"},
                   {"names": ["ptrace"], "action": "SCMP_ACT_KILL"},
                   {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
                   {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 4194304, "op": "SCMP_CMP_MASKED_EQ", "valueTwo": 4194304}]},
                   {"names": ["write"], "action": "SCMP_ACT_NOTIFY"},
                   {"names": ["nosuchcall", "mmap2"], "action": "SCMP_ACT_ERRNO", "errnoRet": 0}]}
                """);
        assertTrue(findings.stream().anyMatch(f -> f.id().equals("SC012")), findings.toString());
        for (Finding f : findings) {
            String first = f.message().split("[ ,:']", 2)[0];
            assertTrue(!Character.isUpperCase(first.charAt(0)) || first.equals(first.toUpperCase()), f.toString());
        }
    }

    @Nested
    class SC012MultiplexerDoor {
        @Test
        void firesWhenSocketcallIsOpenWhileSocketIsRestricted() {
            var f = lintFor("SC012", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [
                      {"names": ["execve", "socketcall"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                    """);
            // socket is limited to AF_UNIX, and the other socket calls are not allowed at all
            assertTrue(f.getFirst().syscalls().containsAll(List.of("socket", "connect", "accept4")), f.getFirst().syscalls()::toString);
            assertTrue(f.getFirst().message().startsWith("socketcall is allowed whatever its arguments on x86"));
        }

        @Test
        void firesWhenTheArgumentZeroConditionIsReplaced() {
            var f = lintFor("SC012", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                    """);
            assertEquals(Severity.WARNING, f.getFirst().severity());
            assertTrue(f.getFirst().message().contains("socketcall with a0 == 1"), f.getFirst().message());
        }

        @Test
        void quietWithoutAMultiplexingArch() {
            assertEquals(List.of(), lintFor("SC012", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                    """));
        }
    }

    @Nested
    class SC013ErrnoMisuse {
        @Test
        void firesAboveMaxErrnoAndForZero() {
            var f = lintFor("SC013", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 0, "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["chown"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5000}]}
                    """);
            assertEquals(2, f.size());
            assertTrue(f.get(0).message().contains("return 0 (success)"), f.get(0).message());
            assertTrue(f.get(1).message().contains("-4095"), f.get(1).message());
        }

        @Test
        void quietForRealErrnos() {
            assertEquals(List.of(), lintFor("SC013", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["chown"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
                    """));
        }
    }

    @Nested
    class SC014UnknownSyscall {
        @Test
        void suggestsTheClosestNameAndIsAnErrorInADenyListsDenyRule() {
            var allow = lintFor("SC014", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["execve", "get_mempolcy"], "action": "SCMP_ACT_ALLOW"}]}
                    """);
            assertEquals(Severity.WARNING, allow.getFirst().severity());
            assertTrue(allow.getFirst().message().contains("did you mean 'get_mempolicy'"), allow.getFirst().message());
            var deny = lintFor("SC014", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["ptrce"], "action": "SCMP_ACT_ERRNO"}]}
                    """);
            assertEquals(Severity.ERROR, deny.getFirst().severity());
            assertEquals("write 'ptrace'", deny.getFirst().fix());
        }

        @Test
        void quietForKnownNames() {
            assertEquals(List.of(), lintFor("SC014", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["execve", "mmap2", "get_mempolicy"], "action": "SCMP_ACT_ALLOW"}]}
                    """));
        }
    }

    @Nested
    class SC015NotOnArch {
        @Test
        void firesForA32BitNameInAnX86_64OnlyProfile() {
            var f = lintFor("SC015", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                     "syscalls": [{"names": ["execve", "mmap2", "fcntl64"], "action": "SCMP_ACT_ALLOW"}]}
                    """);
            assertEquals(List.of("mmap2", "fcntl64"), syscalls(f));
            assertEquals(Severity.INFO, f.getFirst().severity());
        }

        @Test
        void quietWhenAListedArchHasTheName() {
            assertEquals(List.of(), lintFor("SC015", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                     "syscalls": [{"names": ["execve", "mmap2", "fcntl64"], "action": "SCMP_ACT_ALLOW"}]}
                    """));
        }
    }

    @Nested
    class SC016NotifyWithoutListener {
        @Test
        void firesWithoutListenerPathAndForWrite() {
            var f = lintFor("SC016", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "write"], "action": "SCMP_ACT_NOTIFY"}]}
                    """);
            assertEquals(List.of(Severity.ERROR, Severity.ERROR), f.stream().map(Finding::severity).toList());
            assertEquals(1, f.stream().filter(x -> x.message().contains("no listenerPath")).count());
            assertEquals(1, f.stream().filter(x -> x.syscalls().equals(List.of("write"))).count());
        }

        @Test
        void notesAListenerNoRuleUses() {
            var f = lintFor("SC016", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock"}
                    """);
            assertEquals(Severity.INFO, f.getFirst().severity());
        }

        @Test
        void quietWithAListener() {
            assertEquals(List.of(), lintFor("SC016", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock",
                     "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}
                    """));
        }
    }

    @Nested
    class SC017DeniesExecve {
        @Test
        void firesForAnEmptyAllowListAndForAnExplicitDeny() {
            var empty = lintFor("SC017", """
                    {"defaultAction": "SCMP_ACT_ERRNO"}
                    """);
            assertEquals(Severity.ERROR, empty.getFirst().severity());
            assertEquals(List.of("execve", "execveat"), empty.getFirst().syscalls());
            var explicit = lintFor("SC017", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                    """);
            assertEquals(List.of("execve"), explicit.getFirst().syscalls());
            assertTrue(explicit.getFirst().fix().startsWith("remove execve"), explicit.getFirst().fix());
        }

        @Test
        void warnsWhenExecveIsAllowedOnlyForSomePointers() {
            var f = lintFor("SC017", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4096, "op": "SCMP_CMP_GT"}]}]}
                    """);
            assertEquals(Severity.WARNING, f.getFirst().severity());
        }

        @Test
        void quietWhenExecveIsAllowed() {
            assertEquals(List.of(), lintFor("SC017", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"}]}
                    """));
        }
    }

    @Nested
    class SC018DenyList {
        @Test
        void listsTheDangerousSyscallsADenyListMisses() {
            var f = lintFor("SC018", """
                    {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["ptrace", "chroot"], "action": "SCMP_ACT_ERRNO"}]}
                    """);
            assertEquals(Severity.WARNING, f.getFirst().severity());
            assertTrue(f.getFirst().syscalls().containsAll(List.of("bpf", "kexec_load", "mount", "unshare")));
            assertTrue(!f.getFirst().syscalls().contains("ptrace"));
        }

        @Test
        void auditModeIsNamed() {
            var f = lintFor("SC018", """
                    {"defaultAction": "SCMP_ACT_LOG"}
                    """);
            assertTrue(f.getFirst().message().startsWith("defaultAction SCMP_ACT_LOG only logs"), f.getFirst().message());
        }

        @Test
        void quietForAnAllowList() {
            assertEquals(List.of(), lintFor("SC018", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ALLOW"}]}
                    """));
        }
    }

    @Nested
    class SC019DockerFilters {
        @Test
        void firesForAMisspeltCapabilityAnArchNoDockerdHasAndAContradiction() {
            var f = lintFor("SC019", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["get_mempolicy"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_NICEE"]}},
                      {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
                      {"names": ["acct"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PACCT"]},
                       "excludes": {"caps": ["CAP_SYS_PACCT"]}}]}
                    """);
            assertEquals(List.of(Severity.WARNING, Severity.INFO, Severity.WARNING),
                    f.stream().map(Finding::severity).toList());
            assertTrue(f.get(0).message().contains("never applies"), f.get(0).message());
        }

        @Test
        void quietForCorrectFilters() {
            assertEquals(List.of(), lintFor("SC019", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["get_mempolicy"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_NICE"]}},
                      {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}}]}
                    """));
        }
    }

    @Nested
    class SC020ConflictingRules {
        @Test
        void identicalConditionsWithDifferentActionsAreAnError() {
            var f = lintFor("SC020", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}]},
                      {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 25, "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}]}]}
                    """);
            assertEquals(Severity.ERROR, f.getFirst().severity());
            assertTrue(f.getFirst().message().contains("EEXIST"), f.getFirst().message());
        }

        @Test
        void aThirdRuleWithTheSameConditionsAsTheSecondIsAnErrorAtItsName() {
            // the first rule overlaps the other two (a warning alone); libseccomp refuses the third
            var f = lintFor("SC020", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                      {"names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["fchmod"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_GT"}]},
                      {"names": ["fchmod"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_LT"}]},
                      {"names": ["fchmod"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_LT"}]}]}
                    """);
            Finding error = f.stream().filter(x -> x.severity() == Severity.ERROR).findFirst().orElseThrow(() -> new AssertionError(f));
            assertEquals(5, line(error));
            assertEquals(14, error.location().orElseThrow().column());
            assertTrue(error.message().contains("the rule at line 5"), error.message());
            assertTrue(error.message().contains("collides with the rule at line 4"), error.message());
        }

        @Test
        void twoRulesWithTheSameConditionsAreAnErrorAtTheSecond() {
            var f = lintFor("SC020", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                      {"names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["fchmod"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_LT"}]},
                      {"names": ["fchmod"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_LT"}]}]}
                    """);
            assertEquals(1, f.size(), f.toString());
            assertEquals(Severity.ERROR, f.getFirst().severity());
            assertEquals(4, line(f.getFirst()));
            assertTrue(f.getFirst().message().contains("collides with the rule at line 3"), f.getFirst().message());
        }

        @Test
        void sameConditionsAfterAnUnconditionalRuleAreNoError() {
            // libseccomp keeps the unconditional ALLOW and ignores the later argument rules
            var f = lintFor("SC020", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve", "fchmod"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["fchmod"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_LT"}]},
                      {"names": ["fchmod"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_LT"}]}]}
                    """);
            assertTrue(f.stream().noneMatch(x -> x.severity() == Severity.ERROR), f.toString());
        }

        @Test
        void overlappingConditionsAreAWarning() {
            var f = lintFor("SC020", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 100, "op": "SCMP_CMP_GT"}]},
                      {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 25, "args": [{"index": 1, "value": 200, "op": "SCMP_CMP_LT"}]}]}
                    """);
            assertEquals(Severity.WARNING, f.getFirst().severity());
        }

        @Test
        void quietForConditionsThatExcludeEachOther() {
            assertEquals(List.of(), lintFor("SC020", """
                    {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                      {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                      {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}]},
                      {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 25, "args": [{"index": 1, "value": 21506, "op": "SCMP_CMP_EQ"}]}]}
                    """));
        }
    }
}
