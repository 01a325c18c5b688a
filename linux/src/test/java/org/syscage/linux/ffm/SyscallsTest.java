package org.syscage.linux.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyscallsTest {
    private static final int EBADF = 9;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;

    @Test
    void hostNumbersReachTheSyscallsTheyName() {
        assertEquals(ProcessHandle.current().pid(), Syscalls.raw(HostSyscall.GETPID.number()));
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), Syscalls.raw(HostSyscall.GETPPID.number()));
        assertEquals(Syscalls.gettid(), Syscalls.raw(HostSyscall.GETTID.number()));
    }

    @Test
    void seccompNumberReachesSeccomp() {
        // seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action): 0 for an action the kernel knows.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment action = arena.allocate(JAVA_INT);
            action.set(JAVA_INT, 0, 0x7ffc0000); // SECCOMP_RET_LOG
            assertEquals(0, Syscalls.raw(HostSyscall.SECCOMP.number(), 2, 0, action.address()));
            action.set(JAVA_INT, 0, 0x12340000);
            assertEquals(-EOPNOTSUPP, Syscalls.raw(HostSyscall.SECCOMP.number(), 2, 0, action.address()));
        }
    }

    @Test
    void unameFillsABuffer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment utsname = arena.allocate(6 * 65);
            assertEquals(0, Syscalls.raw(HostSyscall.UNAME.number(), utsname.address()));
            assertEquals("Linux", utsname.getString(0, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void failuresComeBackAsMinusErrno() {
        assertEquals(-EBADF, Syscalls.raw(HostSyscall.CLOSE.number(), -1));
        assertEquals(-ENOSYS, Syscalls.raw(100_000));
    }

    @Test
    void checkedCallsThrowNamingTheCallAndTheErrno() {
        NativeException e = assertThrows(NativeException.class,
                () -> Syscalls.checked("close(-1)", HostSyscall.CLOSE.number(), -1));

        assertEquals(EBADF, e.errno());
        assertEquals("EBADF", e.errnoName());
        assertEquals("close(-1)", e.call());
        assertEquals("close(-1): EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void prctlFailuresThrow() {
        NativeException e = assertThrows(NativeException.class,
                () -> Syscalls.prctl("prctl(-1)", -1, 0, 0, 0, 0));
        assertEquals("EINVAL", e.errnoName());
    }

    @Test
    void errnoNamesAndTextsComeFromTheCLibrary() {
        assertEquals("ENOENT", Libc.errnoName(2));
        assertEquals("No such file or directory", Libc.strerror(2));
        assertEquals("errno 100000", Libc.errnoName(100_000));
    }

    @Test
    void eachThreadHasItsOwnId() throws InterruptedException {
        AtomicInteger other = new AtomicInteger();
        Thread t = Thread.ofPlatform().start(() -> other.set(Syscalls.gettid()));
        t.join();

        assertTrue(other.get() > 0);
        assertNotEquals(Syscalls.gettid(), other.get());
    }

    @Test
    void atMostSixArguments() {
        assertThrows(IllegalArgumentException.class, () -> Syscalls.raw(0, 1, 2, 3, 4, 5, 6, 7));
    }
}
