package org.syscage.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.Placement.Fate;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.Verdict;

/** The rule-level model on hand-made cases, each one runc or libseccomp step. */
class FilterModelTest {
    static final long[] NO_ARGS = new long[6];

    static FilterModel model(String json, Arch arch) {
        return FilterModel.of(ProfileReader.parse("p.json", json), arch);
    }

    static List<Fate> fates(FilterModel m, String syscall) {
        return m.rules(syscall).orElseThrow().placements().stream().map(Placement::fate).toList();
    }

    @Test
    void aRuleWithTheDefaultVerdictIsDroppedAndErrnoDefaultsToEperm() {
        FilterModel m = model("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["reboot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
                  {"names": ["reboot"], "action": "SCMP_ACT_KILL"}]}
                """, Arch.X86_64);
        assertEquals(List.of(Fate.DROPPED_AS_DEFAULT, Fate.ACTIVE), fates(m, "reboot"));
        assertEquals(new Verdict(Action.KILL_THREAD, 0), m.decide("reboot", NO_ARGS).verdict());
    }

    @Test
    void theFirstUnconditionalRuleWinsAndReplacesEarlierArgumentRules() {
        FilterModel m = model("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                  {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 25, "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]},
                  {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5},
                  {"names": ["ioctl"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                """, Arch.X86_64);
        assertEquals(List.of(Fate.REPLACED, Fate.ACTIVE, Fate.SHADOWED), fates(m, "ioctl"));
        Decision d = m.decide("ioctl", new long[] {0, 1});
        assertEquals(Verdict.errno(5), d.verdict());
        assertTrue(d.exact());
    }

    @Test
    void repeatedIndexesAreSplitIntoOredRules() {
        FilterModel m = model("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["setpriority"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GE"}, {"index": 0, "value": 5, "op": "SCMP_CMP_LE"}]}]}
                """, Arch.X86_64);
        List<PlacedRule> parts = m.rules("setpriority").orElseThrow().active();
        assertEquals(List.of(0, 1), parts.stream().map(PlacedRule::orPart).toList());
        assertEquals(Verdict.of(Action.ALLOW, null), m.decide("setpriority", new long[] {99}).verdict());
    }

    @Test
    void onI386SocketAlsoBecomesASocketcallRuleWithArgumentZeroReplaced() {
        FilterModel m = model("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
                """, Arch.X86);
        PlacedRule direct = m.rules("socket").orElseThrow().active().getFirst();
        PlacedRule viaSocketcall = m.rules("socketcall").orElseThrow().active().getFirst();
        assertEquals(List.of(ArgCondition.of(0, Op.EQ, 2), ArgCondition.of(1, Op.EQ, 1)), direct.conditions());
        assertEquals(List.of(ArgCondition.of(0, Op.EQ, 1), ArgCondition.of(1, Op.EQ, 1)), viaSocketcall.conditions());
        assertEquals("socketcall", viaSocketcall.via().via());
        assertFalse(FilterModel.of(ProfileReader.parse("p", "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
                + "[{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\"}]}"), Arch.X86_64).rules("socketcall").isPresent());
    }

    @Test
    void thirtyTwoBitArchesCompareTheLowWordAndDropHighOnlyMasks() {
        String json = """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["lseek"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 4294967298, "op": "SCMP_CMP_EQ"}]},
                  {"names": ["read"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 2, "value": 18446744069414584320, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]}
                """;
        assertTrue(model(json, Arch.X86).decide("lseek", new long[] {0, 2}).verdict().allows());
        assertFalse(model(json, Arch.X86_64).decide("lseek", new long[] {0, 2}).verdict().allows());
        assertTrue(model(json, Arch.X86).rules("read").orElseThrow().unconditional().isPresent(),
                "a mask of high bits only is no test at all on i386");
    }

    @Test
    void runcsEnosysStubAnswersSyscallsNewerThanAllTheProfileNames() {
        String allowList = """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}
                """;
        FilterModel m = model(allowList, Arch.X86_64);
        assertEquals(1, m.largestNamedNumber().getAsInt());
        assertEquals(Decision.Cause.ENOSYS_STUB, m.decide("getpid", NO_ARGS).cause());
        assertEquals(Verdict.errno(Verdict.ENOSYS), m.decide("getpid", NO_ARGS).verdict());
        assertEquals(Decision.Cause.DEFAULT, model(allowList.replace("\"read\", ", ""), Arch.X86_64)
                .decide("read", NO_ARGS).cause(), "read (0) is below write (1)");
        // no stub when the default lets syscalls run or already answers ENOSYS
        assertFalse(model(allowList.replace("SCMP_ACT_ERRNO", "SCMP_ACT_LOG"), Arch.X86_64).enosysStub());
        assertFalse(model(allowList.replace("\"SCMP_ACT_ERRNO\",", "\"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,"),
                Arch.X86_64).enosysStub());
    }

    @Test
    void namesAnArchLacksAreLeftOutOfItsPart() {
        FilterModel m = model("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mmap2", "read", "nosuchcall"], "action": "SCMP_ACT_ALLOW"}]}
                """, Arch.X86_64);
        assertEquals(List.of("mmap2", "nosuchcall"), m.absentNames().stream().map(FilterModel.AbsentName::name).toList());
        assertThrows(IllegalArgumentException.class, () -> m.decide("mmap2", NO_ARGS));
    }

    @Test
    void overlappingRulesWithDifferentVerdictsAreNotExact() {
        FilterModel m = model("""
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 100, "op": "SCMP_CMP_GT"}]},
                  {"names": ["ioctl"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 200, "op": "SCMP_CMP_LT"}]}]}
                """, Arch.X86_64);
        SyscallRules rules = m.rules("ioctl").orElseThrow();
        assertTrue(rules.mayBeRefused());
        assertFalse(m.decide("ioctl", new long[] {0, 150}).exact());
    }

    @Test
    void dockerFormatProfilesMustBeResolvedFirst() {
        Profile docker = ProfileReader.parse("d", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["acct"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PACCT"]}}]}
                """);
        assertThrows(IllegalArgumentException.class, () -> FilterModel.of(docker, Arch.X86_64));
    }
}
