package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

/** Numbers from the kernel's syscall tables (arch/x86/entry/syscalls, include/uapi/asm-generic/unistd.h). */
class ExecCallsTest {
    private final ExecCalls exec = new ExecCalls();

    @Test
    void execveAndExecveatOnTheArchOfTheCall() {
        assertTrue(exec.isExec(Arch.X86_64.auditArch(), 59));
        assertTrue(exec.isExec(Arch.X86_64.auditArch(), 322));
        assertFalse(exec.isExec(Arch.X86_64.auditArch(), 11), "11 is munmap on x86_64");
        // An int 0x80 call from the same process: i386 numbers.
        assertTrue(exec.isExec(Arch.X86.auditArch(), 11));
        assertTrue(exec.isExec(Arch.X86.auditArch(), 358));
        assertFalse(exec.isExec(Arch.X86.auditArch(), 59), "59 is oldolduname on i386");
        assertTrue(exec.isExec(Arch.AARCH64.auditArch(), 221));
        assertTrue(exec.isExec(Arch.AARCH64.auditArch(), 281));
        // Back to the first arch: the numbers are looked up again, not kept from the last one.
        assertTrue(exec.isExec(Arch.X86_64.auditArch(), 59));
        assertFalse(exec.isExec(Arch.X86_64.auditArch(), 221));
    }

    @Test
    void anArchSyscageDoesNotKnowHasNoExec() {
        assertFalse(exec.isExec(0x1234_5678, 59));
        assertFalse(exec.isExec(0x1234_5678, -1));
    }
}
