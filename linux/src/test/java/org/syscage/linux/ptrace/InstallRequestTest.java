package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

/** Syscall numbers here are the kernel's (arch/x86/entry/syscalls, include/uapi/asm-generic/unistd.h). */
class InstallRequestTest {
    private static final int AUDIT_X86_64 = 0xC000003E;
    private static final int AUDIT_I386 = 0x40000003;
    private static final int AUDIT_AARCH64 = 0xC00000B7;

    private static Optional<InstallRequest> entry(int audit, long nr, long... args) {
        Long[] six = new Long[6];
        for (int i = 0; i < 6; i++) {
            six[i] = i < args.length ? args[i] : 0L;
        }
        return InstallRequest.of(new SyscallInfo.Entry(audit, nr, List.of(six)));
    }

    @Test
    void x86_64PrctlAndSeccompCalls() {
        assertEquals(Optional.of(new InstallRequest.Filter(Arch.X86_64, "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)",
                0, 0x7ffd1000)), entry(AUDIT_X86_64, 157, 22, 2, 0x7ffd1000));
        assertEquals(Optional.of(new InstallRequest.Strict(Arch.X86_64, "prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT)")),
                entry(AUDIT_X86_64, 157, 22, 1));
        assertEquals(Optional.of(new InstallRequest.Filter(Arch.X86_64,
                        "seccomp(SECCOMP_SET_MODE_FILTER, TSYNC|LOG)", 3, 0x5555_0000_1000L)),
                entry(AUDIT_X86_64, 317, 1, 3, 0x5555_0000_1000L));
        assertEquals(Optional.of(new InstallRequest.Strict(Arch.X86_64, "seccomp(SECCOMP_SET_MODE_STRICT)")),
                entry(AUDIT_X86_64, 317, 0, 0, 0));
    }

    @Test
    void otherCallsAreNotInstalls() {
        assertEquals(Optional.empty(), entry(AUDIT_X86_64, 157, 38, 1), "prctl(PR_SET_NO_NEW_PRIVS)");
        assertEquals(Optional.empty(), entry(AUDIT_X86_64, 157, 21), "prctl(PR_GET_SECCOMP)");
        assertEquals(Optional.empty(), entry(AUDIT_X86_64, 157, 22, 3), "an unknown mode");
        assertEquals(Optional.empty(), entry(AUDIT_X86_64, 157, 22, (1L << 32) | 2),
                "prctl's mode is an unsigned long: high bits make it another mode");
        assertEquals(Optional.empty(), entry(AUDIT_X86_64, 317, 2, 0, 0x1000), "SECCOMP_GET_ACTION_AVAIL");
        assertEquals(Optional.empty(), entry(AUDIT_X86_64, 1, 22, 2, 0x1000), "write(22, ...)");
        assertEquals(Optional.empty(), entry(0x1234, 157, 22, 2, 0x1000), "an arch syscage does not know");
    }

    @Test
    void theOptionIsAnIntAndUnknownFlagsShowInHex() {
        assertEquals("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)",
                entry(AUDIT_X86_64, 157, 0xffff_ffff_0000_0016L, 2, 0x1000).orElseThrow().call());
        assertEquals("seccomp(SECCOMP_SET_MODE_FILTER, NEW_LISTENER|0x100)",
                entry(AUDIT_X86_64, 317, 1, 0x108, 0x1000).orElseThrow().call());
    }

    @Test
    void i386CallsUseI386NumbersAndThirtyTwoBitPointers() {
        assertEquals(Optional.of(new InstallRequest.Filter(Arch.X86, "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)",
                0, 0x0804_8054L)), entry(AUDIT_I386, 172, 22, 2, 0xffff_ffff_0804_8054L));
        assertEquals(Optional.of(new InstallRequest.Filter(Arch.X86, "seccomp(SECCOMP_SET_MODE_FILTER)",
                0, 0xbfff_0000L)), entry(AUDIT_I386, 354, 1, 0, 0xbfff_0000L));
        assertEquals(Optional.empty(), entry(AUDIT_I386, 157, 22, 2, 0x1000), "157 is x86_64's prctl, not i386's");
    }

    @Test
    void x32CallsCarryTheX32BitAndNameX32() {
        InstallRequest request = entry(AUDIT_X86_64, 0x4000_0000L + 317, 1, 0, 0x1000).orElseThrow();
        assertEquals(Arch.X32, request.arch());
        assertEquals(4, InstallRequest.pointerBytes(request.arch()));
    }

    @Test
    void aarch64UsesTheGenericNumbers() {
        assertEquals(Arch.AARCH64, entry(AUDIT_AARCH64, 167, 22, 2, 0x1000).orElseThrow().arch());
        assertEquals(Arch.AARCH64, entry(AUDIT_AARCH64, 277, 1, 0, 0x1000).orElseThrow().arch());
    }

    @Test
    void successIsZeroOrAListenerFd() {
        InstallRequest.Filter plain = new InstallRequest.Filter(Arch.X86_64, "seccomp", 0, 0x1000);
        InstallRequest.Filter tsync = new InstallRequest.Filter(Arch.X86_64, "seccomp", 1, 0x1000);
        InstallRequest.Filter listener = new InstallRequest.Filter(Arch.X86_64, "seccomp", 8, 0x1000);
        assertTrue(plain.succeeded(new SyscallInfo.Exit(0, false)));
        assertFalse(plain.succeeded(new SyscallInfo.Exit(-14, true)), "EFAULT");
        assertFalse(tsync.succeeded(new SyscallInfo.Exit(4711, false)), "TSYNC names a thread that could not follow");
        assertTrue(listener.succeeded(new SyscallInfo.Exit(5, false)), "NEW_LISTENER returns the listener's fd");
        assertFalse(listener.succeeded(new SyscallInfo.Exit(-16, true)), "EBUSY");
        InstallRequest.Strict strict = new InstallRequest.Strict(Arch.X86_64, "seccomp");
        assertTrue(strict.succeeded(new SyscallInfo.Exit(0, false)));
        assertFalse(strict.succeeded(new SyscallInfo.Exit(-22, true)));
    }
}
