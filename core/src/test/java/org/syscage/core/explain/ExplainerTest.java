package org.syscage.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Verdict;

class ExplainerTest {
    static final ResolveOptions AMD64 = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 8));
    static final LocatedProfile BUILTIN = ProfileReader.parseLocated("builtin", BuiltinProfiles.dockerDefaultJson());

    static Explanation builtin(String syscall, ResolveOptions container, long... args) {
        return Explainer.explain(BUILTIN.profile(), BUILTIN.locations(), new ExplainRequest(syscall, args, container));
    }

    static Explanation of(String profile, String syscall, long... args) {
        LocatedProfile p = ProfileReader.parseLocated("p.json", profile);
        return Explainer.explain(p.profile(), p.locations(), new ExplainRequest(syscall, args, AMD64));
    }

    /** Seed 004: numactl's get_mempolicy fails with EPERM in a default container, on x86 and LoongArch alike. */
    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "LOONGARCH64", "AARCH64"})
    void seed004GetMempolicyNeedsCapSysNice(Arch arch) {
        Explanation e = builtin("get_mempolicy", AMD64.withArch(arch));
        assertEquals("get_mempolicy is allowed only with CAP_SYS_NICE (includes.caps); this container lacks it"
                + " → ERRNO(1) EPERM by defaultAction", e.summary());
        assertEquals(Verdict.errno(1), e.decision().verdict());
        assertEquals(Decision.Cause.DEFAULT, e.decision().cause());
        assertEquals(2, e.decidedAt().orElseThrow().line(), "defaultAction is on line 2 of moby-default.json");
        Explanation.Reason dropped = e.reasons().getFirst();
        assertEquals(827, dropped.at().orElseThrow().line(), "the rule's object, the line the text names");
        assertTrue(dropped.text().startsWith("the rule at line 827 (ALLOW get_mempolicy, mbind, set_mempolicy, "
                + "set_mempolicy_home_node) is dropped by dockerd: needs CAP_SYS_NICE"), dropped.text());
        assertEquals("add --cap-add SYS_NICE (dockerd then keeps the rule at line 827)", e.changes().getFirst());
        assertTrue(e.changes().contains("add get_mempolicy to the rule at line 62 (SCMP_ACT_ALLOW for any arguments)"),
                e.changes()::toString);
    }

    @Test
    void seed004WithCapAddSysNiceItIsAllowed() {
        Explanation e = builtin("get_mempolicy", AMD64.withCapAdd("SYS_NICE"));
        assertTrue(e.allowed());
        assertEquals(Decision.Cause.RULE, e.decision().cause());
        assertEquals("get_mempolicy matches the rule at line 827, kept by dockerd because the container has "
                + "CAP_SYS_NICE → ALLOW", e.summary());
        assertEquals(827, e.decidedAt().orElseThrow().line());
        assertEquals(List.of(), e.changes());
    }

    /** QA: "the rule at line 827" pointed to builtin:829:5; a reason about a rule points to the line it names. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"get_mempolicy", "personality", "clone", "socket", "ptrace",
            "read", "setns", "bpf"})
    void aReasonAboutARulePointsToTheLineItNames(String syscall) {
        Explanation e = builtin(syscall, AMD64);
        for (Explanation.Reason r : e.reasons()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^the rule at line (\\d+)").matcher(r.text());
            if (m.find()) {
                assertEquals(Integer.parseInt(m.group(1)), r.at().orElseThrow().line(), r.text());
            }
        }
    }

    @Test
    void personalityIsAllowedForDockersPersonasOnly() {
        Explanation ok = builtin("personality", AMD64, 0x8);
        assertEquals(Verdict.of(Action.ALLOW, null), ok.decision().verdict());
        assertEquals(491, ok.decidedAt().orElseThrow().line(), "the a0 == 8 rule, which starts at line 491");
        Explanation denied = builtin("personality", AMD64, 0x400000);
        assertEquals(Verdict.errno(1), denied.decision().verdict());
        assertEquals("personality is allowed only when a0 == 0 (the rule at line 478), a0 == 8 (the rule at line 491), "
                + "a0 == 0x20000 (the rule at line 504), a0 == 0x20008 (the rule at line 517) or a0 == 0xffffffff "
                + "(the rule at line 530); a0 = 0x400000 → ERRNO(1) EPERM by defaultAction", denied.summary());
    }

    @Test
    void clone3GetsEnosysWithoutCapSysAdmin() {
        Explanation e = builtin("clone3", AMD64);
        assertEquals(Verdict.errno(38), e.decision().verdict());
        assertEquals("clone3 matches the rule at line 716 → ERRNO(38) ENOSYS", e.summary());
        assertEquals("add --cap-add SYS_ADMIN (dockerd then keeps the rule at line 633)", e.changes().getFirst());
    }

    @Test
    void aSyscallNewerThanTheProfileGetsRuncsEnosysStub() {
        Explanation e = builtin("rseq_slice_yield", AMD64);
        assertEquals(Decision.Cause.ENOSYS_STUB, e.decision().cause());
        assertEquals(Verdict.errno(38), e.decision().verdict());
        assertTrue(e.summary().endsWith("→ ERRNO(38) ENOSYS by runc's ENOSYS stub"), e.summary());
    }

    @Test
    void aSyscallCanBeGivenByNumber() {
        assertEquals("getpid", builtin("39", AMD64).syscall());
        assertEquals("getpid", builtin("0x14", AMD64.withArch(Arch.X86)).syscall());
    }

    /** seccomp_data.nr is 32 bits: -1 is 0xffffffff (no syscall has it); a wider number is refused in words. */
    @Test
    void numbersAreThirtyTwoBits() {
        InputException wide = assertThrows(InputException.class, () -> builtin("4294967296", AMD64));
        assertEquals("syscall number 4294967296 does not fit in 32 bits (seccomp_data.nr), expected 0 to 0xffffffff, "
                + "or -2^31 to -1 for its two's complement", wide.getMessage());
        InputException minusOne = assertThrows(InputException.class, () -> builtin("-1", AMD64));
        assertEquals("no syscall has number -1 (4294967295) on x86_64, expected a syscall name or number of x86_64",
                minusOne.getMessage());
        InputException allOnes = assertThrows(InputException.class, () -> builtin("0xffffffff", AMD64));
        assertTrue(allOnes.getMessage().startsWith("no syscall has number 0xffffffff on x86_64"), allOnes.getMessage());
    }

    @Test
    void unknownAndForeignNamesAreInputErrors() {
        InputException typo = assertThrows(InputException.class, () -> builtin("get_mempolcy", AMD64));
        assertTrue(typo.getMessage().contains("did you mean 'get_mempolicy'"), typo.getMessage());
        InputException foreign = assertThrows(InputException.class, () -> builtin("mmap2", AMD64));
        assertTrue(foreign.getMessage().startsWith("mmap2 does not exist on x86_64 (it does on x86"), foreign.getMessage());
    }

    @Test
    void aShadowedRuleIsNamedAndTheFixRemovesTheNameFromTheDecidingRule() {
        Explanation e = of("""
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
                  {"names": ["setns", "unshare"], "action": "SCMP_ACT_ERRNO"},
                  {"names": ["setns"], "action": "SCMP_ACT_ALLOW"}]}
                """, "setns");
        assertEquals(Verdict.errno(1), e.decision().verdict());
        assertTrue(e.reasons().stream().anyMatch(r -> r.text().contains("ignored: the rule at line 2 already decides setns")),
                e.reasons()::toString);
        assertEquals(List.of("remove setns from the rule at line 2"), e.changes());
    }

    @Test
    void runcsOrSplitIsVisibleInTheReasons() {
        Explanation e = of("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["setpriority"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GE"}, {"index": 0, "value": 5, "op": "SCMP_CMP_LE"}]}]}
                """, "setpriority", 9);
        // a0 >= 1 && a0 <= 5 reads as a range, but runc ORs the two: 9 >= 1 matches
        assertTrue(e.allowed());
        assertTrue(e.reasons().stream().anyMatch(r -> r.text().contains("one of the ORed conditions")));
    }

    @Test
    void anArgumentRuleThatDoesNotMatchIsShownWithTheArguments() {
        Explanation e = of("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["execve"], "action": "SCMP_ACT_ALLOW"},
                  {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}]}]}
                """, "ioctl", 3, 21506);
        assertEquals("ioctl is allowed only when a1 == 0x5401 (the rule at line 3); a0 = 3, a1 = 0x5402 → ERRNO(1) "
                + "EPERM by defaultAction", e.summary());
        assertEquals("add ioctl to the rule at line 2 (SCMP_ACT_ALLOW for any arguments)", e.changes().getFirst());
    }

    @Test
    void sendOnI386IsOnlyReachedThroughSocketcall() {
        LocatedProfile p = ProfileReader.parseLocated("p.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "syscalls": [
                  {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                """);
        Explanation e = Explainer.explain(p.profile(), p.locations(),
                new ExplainRequest("send", new long[0], AMD64.withArch(Arch.X86)));
        // i386 has no direct send: the kernel sees socketcall (102) with SYS_SEND (9) first
        assertEquals(102, e.number());
        assertEquals(Verdict.errno(1), e.decision().verdict());
        assertTrue(e.reasons().stream().anyMatch(r -> r.text().contains("only reachable through socketcall(9, ...)")),
                e.reasons()::toString);
    }

    @Test
    void jsonHasTheVerdictItsCauseAndTheChanges() throws Exception {
        JsonNode j = new ObjectMapper().readTree(ExplanationReport.json(builtin("get_mempolicy", AMD64)));
        assertEquals("get_mempolicy", j.get("syscall").asText());
        assertEquals(239, j.get("number").asInt());
        assertEquals("SCMP_ACT_ERRNO", j.get("action").asText());
        assertEquals(1, j.get("errno").asInt());
        assertEquals(false, j.get("allowed").asBoolean());
        assertEquals("defaultAction", j.get("decidedBy").asText());
        assertEquals(2, j.get("decidedAt").get("line").asInt());
        assertEquals(827, j.get("reasons").get(0).get("at").get("line").asInt());
        assertTrue(j.get("changes").get(0).asText().startsWith("add --cap-add SYS_NICE"));
    }

    @Test
    void textShowsSummaryCallContainerReasonsAndChanges() {
        String text = ExplanationReport.text(builtin("get_mempolicy", AMD64));
        assertTrue(text.startsWith("get_mempolicy is allowed only with CAP_SYS_NICE"), text);
        assertTrue(text.contains("  call:      get_mempolicy (x86_64 number 239), no arguments given\n"), text);
        assertTrue(text.contains("  container: x86_64, kernel 6.8, Docker's default capabilities\n"), text);
        assertTrue(text.contains("  builtin:827:3: the rule at line 827"), text);
        assertTrue(text.contains("smallest change to allow it:\n  - add --cap-add SYS_NICE"), text);
        String allowed = ExplanationReport.text(builtin("get_mempolicy", AMD64.withCapAdd("sys_nice")));
        assertTrue(allowed.contains("container: x86_64, kernel 6.8, Docker's default capabilities + CAP_SYS_NICE"), allowed);
        assertTrue(allowed.endsWith("allowed: nothing to change.\n"), allowed);
    }

    /** QA: clone with CLONE_NEWUSER was blamed on CAP_SYS_ADMIN, though clone is allowed without it for other flags. */
    @Test
    void cloneWithANamespaceFlagFailsTheFlagsConditionNotACapability() {
        Explanation e = builtin("clone", AMD64, 0x10000000L);
        assertEquals(Verdict.errno(1), e.decision().verdict());
        assertEquals("clone is allowed only when (a0 & 0x7e020000) == 0 (the rule at line 669); a0 = 0x10000000"
                + " → ERRNO(1) EPERM by defaultAction", e.summary());
    }

    /** QA: socket's summary named only the first of three argument ranges. */
    @Test
    void everyRuleThatWouldAllowOtherArgumentsIsNamed() {
        Explanation e = builtin("socket", AMD64, 40);
        assertEquals("socket is allowed only when a0 < 0x26 (the rule at line 439), a0 == 0x27 (the rule at line 452)"
                + " or a0 > 0x28 (the rule at line 465); a0 = 0x28 → ERRNO(1) EPERM by defaultAction", e.summary());
    }

    /** QA: socketcall on x86 listed 18 rules "replaced: the later the rule at line 62", i.e. by themselves. */
    @Test
    void multiplexedRulesOfOneProfileRuleAreOneReasonAndNotReplacedByThemselves() {
        Explanation e = builtin("socketcall", AMD64.withArch(Arch.X86), 1);
        assertTrue(e.allowed());
        List<String> line62 = e.reasons().stream().map(Explanation.Reason::text)
                .filter(t -> t.startsWith("the rule at line 62:")).toList();
        assertTrue(line62.size() <= 4, line62::toString);
        String replaced = line62.stream().filter(t -> t.contains("replaced")).findFirst().orElseThrow();
        assertTrue(replaced.startsWith("the rule at line 62: ALLOW for accept, accept4, bind, "), replaced);
        assertTrue(replaced.endsWith("— replaced by the rule's own name socketcall, which comes later and decides "
                + "socketcall for any arguments."), replaced);
        assertTrue(e.reasons().stream().noneMatch(r -> r.text().contains("the later the rule")), e.reasons()::toString);
    }
}
