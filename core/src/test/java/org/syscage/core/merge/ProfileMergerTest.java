package org.syscage.core.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.merge.Profiles.eq;
import static org.syscage.core.merge.Profiles.errno;
import static org.syscage.core.merge.Profiles.profile;
import static org.syscage.core.merge.Profiles.rule;
import static org.syscage.core.merge.Profiles.when;
import static org.syscage.core.merge.Profiles.x86_64;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;

class ProfileMergerTest {

    static Profile merged(Profile... profiles) {
        return ProfileMerger.merge(List.of(profiles)).profile();
    }

    @Test
    void allowlistsUniteTheirNamesArgumentRulesAndArches() {
        Profile a = profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "write", "read"));
        Profile b = profile(Action.ERRNO, List.of(Arch.X86_64, Arch.X86),
                rule(Action.ALLOW, "read", "open"), when(Action.ALLOW, eq(0, 1), "socket"));
        ProfileMerger.Result r = ProfileMerger.merge(List.of(a, b));
        assertEquals(profile(Action.ERRNO, List.of(Arch.X86_64, Arch.X86),
                rule(Action.ALLOW, "open", "read", "write"),
                when(Action.ALLOW, eq(0, 1), "socket")), r.profile());
        assertEquals(List.of(), r.notes());
    }

    @Test
    void conditionsOfBothSidesAreKeptAndAnUnconditionalRuleWins() {
        Profile unixOnly = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(0, 1), "socket", "socketpair"));
        Profile inetOnly = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(0, 2), "socket"));
        assertEquals(profile(Action.ERRNO, x86_64(),
                when(Action.ALLOW, eq(0, 1), "socket", "socketpair"),
                when(Action.ALLOW, eq(0, 2), "socket")), merged(unixOnly, inetOnly));
        Profile any = profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "socket"));
        assertEquals(profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "socket"),
                when(Action.ALLOW, eq(0, 1), "socketpair")), merged(unixOnly, any));
    }

    @Test
    void theLessRestrictiveActionWinsAndEqualRanksKeepTheFirstErrno() {
        Profile logs = profile(Action.ERRNO, x86_64(), rule(Action.LOG, "read"), rule(Action.TRAP, "uname"));
        Profile allows = profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "read"), rule(Action.KILL_PROCESS, "uname"));
        assertEquals(profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "read"), rule(Action.TRAP, "uname")),
                merged(logs, allows));

        Profile enosys = profile(Action.ALLOW, x86_64(), errno(38, "uname"));
        Profile eperm = profile(Action.ALLOW, x86_64(), errno(1, "uname"));
        assertEquals(profile(Action.ALLOW, x86_64(), errno(38, "uname")), merged(enosys, eperm));
        assertEquals(profile(Action.ALLOW, x86_64(), rule(Action.ERRNO, "uname")), merged(eperm, enosys));
    }

    @Test
    void differentDefaultsGiveTheLeastRestrictiveWithANote() {
        Profile allowlist = profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "read"));
        Profile logging = profile(Action.LOG, x86_64(), rule(Action.ERRNO, "ptrace"));
        ProfileMerger.Result r = ProfileMerger.merge(List.of(allowlist, logging));
        // read: ALLOW beats LOG; ptrace: both deny it; everything else: LOG beats ERRNO.
        assertEquals(profile(Action.LOG, x86_64(), rule(Action.ALLOW, "read"), rule(Action.ERRNO, "ptrace")), r.profile());
        assertEquals(List.of("the default actions differ (ERRNO(1), LOG): the union keeps the least restrictive, LOG"),
                r.notes());
    }

    @Test
    void denylistsKeepOnlyWhatBothDeny() {
        Profile noNetlink = profile(Action.ALLOW, x86_64(), when(Action.ERRNO, eq(0, 16), "socket"), rule(Action.ERRNO, "ptrace"));
        Profile noPacket = profile(Action.ALLOW, x86_64(), when(Action.ERRNO, eq(0, 17), "socket"), rule(Action.ERRNO, "ptrace"));
        assertEquals(profile(Action.ALLOW, x86_64(), rule(Action.ERRNO, "ptrace")), merged(noNetlink, noPacket));
        assertEquals(profile(Action.ALLOW, x86_64(), rule(Action.ERRNO, "ptrace"),
                when(Action.ERRNO, eq(0, 16), "socket")), merged(noNetlink, noNetlink));
    }

    @Test
    void overlappingRulesWithDifferentActionsAreRaisedTogether() {
        Profile a = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(0, 1), "socket"));
        Profile b = profile(Action.ERRNO, x86_64(), when(Action.LOG, eq(1, 2), "socket"));
        ProfileMerger.Result r = ProfileMerger.merge(List.of(a, b));
        assertEquals(profile(Action.ERRNO, x86_64(),
                when(Action.ALLOW, eq(0, 1), "socket"), when(Action.ALLOW, eq(1, 2), "socket")), r.profile());
        assertEquals(List.of("socket: its rules have different actions (ALLOW, LOG) and may overlap, "
                + "so all take the least restrictive, ALLOW"), r.notes());
    }

    @Test
    void conditionsThatCannotBeWrittenAreDroppedWidening() {
        Profile a = profile(Action.ERRNO, x86_64(), when(Action.ALLOW, eq(0, 1), "socket"));
        Profile b = profile(Action.ERRNO, x86_64(), rule(Action.LOG, "socket"));
        ProfileMerger.Result r = ProfileMerger.merge(List.of(a, b));
        // Exact: ALLOW when arg0 == 1, otherwise LOG; one profile cannot say "otherwise LOG" under default ERRNO.
        assertEquals(profile(Action.ERRNO, x86_64(), rule(Action.ALLOW, "socket")), r.profile());
        assertEquals(1, r.notes().size());
        assertTrue(r.notes().get(0).startsWith("socket: argument conditions dropped"), r.notes().get(0));
    }

    @Test
    void restrictionsOverlappingAllowedCallsAreNotKept() {
        // At arg0 == 1 && arg1 == 2, a denies (ERRNO) and b logs: the union must log, so a's
        // restriction on arg0 == 1 cannot stay next to b's rule.
        Profile a = profile(Action.ALLOW, x86_64(), when(Action.ERRNO, eq(0, 1), "socket"));
        Profile b = profile(Action.ERRNO, x86_64(), when(Action.LOG, eq(1, 2), "socket"));
        ProfileMerger.Result r = ProfileMerger.merge(List.of(a, b));
        assertEquals(profile(Action.ALLOW, x86_64()), r.profile());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("socket: its restricting rules")), r.notes().toString());
    }

    @Test
    void flagsAndListenerAndMetadataComeAlong() {
        Profile a = new Profile(Action.ERRNO, 38, x86_64(), List.of(), List.of("SECCOMP_FILTER_FLAG_LOG"), null, null,
                List.of(rule(Action.ALLOW, "read")), null, null);
        Profile b = new Profile(Action.ERRNO, 38, x86_64(), List.of(), List.of("SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                "SECCOMP_FILTER_FLAG_LOG"), "/run/agent.sock", "meta", List.of(rule(Action.NOTIFY, "mount")), "base", null);
        Profile m = merged(a, b);
        assertEquals(38, m.defaultErrnoRet());
        assertEquals(List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"), m.flags());
        assertEquals("/run/agent.sock", m.listenerPath());
        assertEquals("meta", m.listenerMetadata());
        assertEquals("base", m.baseProfileName());
        assertEquals(List.of(rule(Action.ALLOW, "read"), rule(Action.NOTIFY, "mount")), m.syscalls());
    }

    @Test
    void aMergedProfileWhoseX86CodeLosesTheNumberLoadIsNoted() {
        // the union keeps only recv, which x86 reaches through socketcall: libseccomp sorts its
        // pseudo entry first there and drops the load of the syscall number with it
        Profile recvOnly = new Profile(Action.ERRNO, null, List.of(Arch.X86_64, Arch.X86), List.of(), List.of(), null,
                null, List.of(org.syscage.core.profile.SyscallRule.of(List.of("recv"), Action.KILL_PROCESS)), null, null);
        ProfileMerger.Result r = ProfileMerger.merge(List.of(recvOnly, recvOnly), Arch.X86_64);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("on x86, libseccomp's program never loads")), r.notes().toString());
        Profile withRead = new Profile(Action.ERRNO, null, List.of(Arch.X86_64, Arch.X86), List.of(), List.of(), null,
                null, List.of(org.syscage.core.profile.SyscallRule.of(List.of("recv", "read"), Action.KILL_PROCESS)), null, null);
        assertEquals(List.of(), ProfileMerger.merge(List.of(withRead, withRead), Arch.X86_64).notes());
    }
}
