package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.ptrace.SyscallTracer;

/** Numbers from the kernel's syscall tables: x86_64 read 0, write 1, execve 59; i386 exit 1, write 4. */
class RecordingBuilderTest {
    @Test
    void numbersAreNamedPerArchAndListedByNameInTheOrderArchesCame() {
        RecordingBuilder b = new RecordingBuilder();
        assertEquals(Optional.of("write"), b.add(Arch.X86_64, 1, 3, 10, "/bin/prog"));
        assertEquals(Optional.of("write"), b.add(Arch.X86, 4, 1, 11, "/bin/prog"));
        assertEquals(Optional.of("execve"), b.add(Arch.X86_64, 59, 1, 10, "/bin/sh"));
        assertEquals(Optional.of("exit"), b.add(Arch.X86, 1, 1, 11, "/bin/prog"));
        Recording r = b.build(new ExitStatus.Exited(3), SyscallTracer.Stops.SECCOMP, null, false);

        assertEquals(List.of(
                new RecordedSyscall(Arch.X86_64, "execve", 1, 10, "/bin/sh"),
                new RecordedSyscall(Arch.X86_64, "write", 3, 10, "/bin/prog"),
                new RecordedSyscall(Arch.X86, "exit", 1, 11, "/bin/prog"),
                new RecordedSyscall(Arch.X86, "write", 1, 11, "/bin/prog")), r.syscalls());
        assertEquals(List.of(Arch.X86_64, Arch.X86), List.copyOf(r.byArch().keySet()));
        assertEquals(3, r.commandExit());
        assertEquals(SyscallTracer.Stops.SECCOMP, r.stops());
        assertFalse(r.withArguments());
        assertEquals(Map.of(), r.unknown());
    }

    @Test
    void whatTheTablesCannotNameIsCountedAsUnknown() {
        RecordingBuilder b = new RecordingBuilder();
        assertEquals(Optional.empty(), b.add(Arch.X86_64, 999, 2, 10, "/bin/prog"));
        assertEquals(Optional.empty(), b.add(Arch.X86_64, 999, 5, 12, "/bin/other"));
        assertEquals(Optional.empty(), b.add(Arch.X86_64, -1, 1, 10, "/bin/prog"));
        assertEquals(Optional.empty(), b.add(Arch.X86_64, 1L << 40, 1, 10, "/bin/prog"));
        b.unknown("AUDIT_ARCH 0x12345678: nr 7", 1);
        Recording r = b.build(new ExitStatus.Exited(0), SyscallTracer.Stops.NONE, null, false);

        assertEquals(List.of(), r.syscalls());
        assertEquals(Map.of("x86_64: nr 999", 7L, "x86_64: nr -1", 1L, "x86_64: nr 1099511627776", 1L,
                "AUDIT_ARCH 0x12345678: nr 7", 1L), r.unknown());
    }

    @Test
    void argumentKeysFollowTheArchOrderThenTheName() {
        RecordingBuilder b = new RecordingBuilder();
        b.add(Arch.X86, 102, 1, 11, "/bin/prog");   // socketcall
        b.add(Arch.X86_64, 41, 1, 10, "/bin/prog");  // socket
        b.add(Arch.X86_64, 16, 1, 10, "/bin/prog");  // ioctl
        ArgumentValues i386Prctl = new ArgumentValues(Arch.X86, "prctl", DecidingArgument.PRCTL,
                List.of(List.of(38L)), false);
        ArgumentValues socket = new ArgumentValues(Arch.X86_64, "socket", DecidingArgument.SOCKET,
                List.of(List.of(2L, 1L)), false);
        ArgumentValues ioctl = new ArgumentValues(Arch.X86_64, "ioctl", DecidingArgument.IOCTL,
                List.of(List.of(0x5401L)), false);
        b.arguments(socket);
        b.arguments(i386Prctl);
        b.arguments(ioctl);
        Recording r = b.build(new ExitStatus.Exited(0), SyscallTracer.Stops.SYSCALL, "why not", true);

        assertEquals(List.of(i386Prctl, ioctl, socket), r.arguments());
        assertTrue(r.withArguments());
        assertEquals("why not", r.fallbackReason());
    }
}
