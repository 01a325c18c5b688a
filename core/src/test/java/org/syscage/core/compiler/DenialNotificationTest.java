package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** The supervised form notifies exactly the calls the profile denies, and changes nothing else. */
class DenialNotificationTest {
    private static final long[] ARG_SAMPLES = {0, 1, 2, 8, 0x7e020000L, 0xffffffffL, -1L};

    private static void assertNotifiesExactlyTheDenials(Profile profile) {
        Compiler.Result compiled = Compiler.compile(profile, CompileOptions.runc(Arch.X86_64).withEnosysStub(true));
        FilterSpec supervised = DenialNotification.notifyDenials(compiled.spec());
        int denials = 0;
        for (Arch arch : List.of(Arch.X86_64, Arch.X86, Arch.X32)) {
            for (int nr = 0; nr < 470; nr++) {
                int number = arch == Arch.X32 ? nr | Arch.X32_SYSCALL_BIT : nr;
                for (long a : ARG_SAMPLES) {
                    Decision original = compiled.spec().decide(arch, number, a, a, a, a, a, a);
                    Decision notified = supervised.decide(arch, number, a, a, a, a, a, a);
                    assertEquals(original.reason(), notified.reason());
                    if (DenialNotification.isDenial(original)) {
                        denials++;
                        assertEquals(ActionValue.USER_NOTIF, notified.action(), arch + " " + nr + " " + original);
                    } else {
                        assertEquals(original.action(), notified.action(), arch + " " + nr);
                    }
                }
            }
        }
        assertTrue(denials > 0);
        BpfProgram program = DenialNotification.supervisedProgram(compiled);
        assertTrue(program.size() > 0);
    }

    @Test
    void dockersDefaultProfile() {
        assertNotifiesExactlyTheDenials(DockerResolver.resolve(BuiltinProfiles.dockerDefault(),
                ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 18))));
    }

    @Test
    void mixedActionsAndArgumentRules() {
        Profile p = Profile.of(Action.KILL_PROCESS, List.of(), List.of(
                SyscallRule.of(List.of("read", "write", "execve", "exit_group"), Action.ALLOW),
                SyscallRule.of(List.of("personality"), Action.ALLOW, ArgCondition.of(0, Op.EQ, 8)),
                SyscallRule.of(List.of("personality"), Action.ERRNO, ArgCondition.of(0, Op.EQ, 2)),
                SyscallRule.of(List.of("uname"), Action.LOG),
                SyscallRule.of(List.of("getpid"), Action.TRAP),
                SyscallRule.of(List.of("gettid"), Action.TRACE)));
        assertNotifiesExactlyTheDenials(p);
    }

    @Test
    void theEnosysStubAllowAndLogAreNotDenials() {
        assertFalse(DenialNotification.isDenial(new Decision(ActionValue.errno(38), Decision.Reason.ENOSYS_STUB)));
        assertFalse(DenialNotification.isDenial(new Decision(ActionValue.ALLOW, Decision.Reason.DEFAULT)));
        assertFalse(DenialNotification.isDenial(new Decision(ActionValue.LOG, Decision.Reason.SYSCALL_RULE)));
        assertTrue(DenialNotification.isDenial(new Decision(ActionValue.errno(1), Decision.Reason.DEFAULT)));
        assertTrue(DenialNotification.isDenial(new Decision(ActionValue.errno(38), Decision.Reason.SYSCALL_RULE)));
        assertTrue(DenialNotification.isDenial(new Decision(ActionValue.KILL_THREAD, Decision.Reason.BAD_ARCH)));
    }
}
