package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

class EnosysStubsTest {
    private static final int ENOSYS = ActionValue.errno(ActionValue.ENOSYS);

    private static FilterSpec stubbed(Action def, String... names) {
        Profile p = Profile.of(def, List.of(Arch.X86_64, Arch.X32), List.of(SyscallRule.of(List.of(names), Action.ALLOW)));
        return Compiler.compile(p, CompileOptions.runc(Arch.X86_64).withEnosysStub(true)).spec();
    }

    @Test
    void numbersAboveTheLargestNamedOneGetEnosys() {
        FilterSpec s = stubbed(Action.ERRNO, "read", "faccessat2"); // 0 and 439 on x86_64
        assertEquals(ENOSYS, s.decide(Arch.X86_64, 440).action());
        assertEquals(ActionValue.errno(1), s.decide(Arch.X86_64, 100).action());
        assertEquals(ActionValue.ALLOW, s.decide(Arch.X86_64, 439).action());
        assertEquals(Decision.Reason.ENOSYS_STUB, s.decide(Arch.X86_64, 1000).reason());
    }

    @Test
    void syscallsAddedOutOfOrderBelowTheLargestGetEnosysToo() {
        // faccessat2 (5.8, 439) is the newest named; close_range (5.9) has number 436
        FilterSpec s = stubbed(Action.ERRNO, "read", "faccessat2");
        assertEquals(ENOSYS, s.decide(Arch.X86_64, 436).action());
        // openat2 (5.6, 437) is older than faccessat2: the profile chose not to allow it
        assertEquals(ActionValue.errno(1), s.decide(Arch.X86_64, 437).action());
        // uretprobe (6.11) sits at 335, far below
        assertEquals(ENOSYS, s.decide(Arch.X86_64, 335).action());
    }

    @Test
    void x32HasItsOwnLimit() {
        FilterSpec s = stubbed(Action.ERRNO, "read");
        assertEquals(ENOSYS, s.decide(Arch.X32, 0x40000001).action());
        assertEquals(ActionValue.ALLOW, s.decide(Arch.X32, 0x40000000).action());
    }

    @Test
    void noStubWhenTheDefaultLetsSyscallsRun() {
        Profile p = Profile.of(Action.ALLOW, List.of(), List.of(SyscallRule.of(List.of("read"), Action.ERRNO)));
        Compiler.Result r = Compiler.compile(p, CompileOptions.runc(Arch.X86_64).withEnosysStub(true));
        assertEquals(ActionValue.ALLOW, r.spec().decide(Arch.X86_64, 440).action());
        assertTrue(r.warnings().getFirst().contains("--enosys-stub"));
    }
}
