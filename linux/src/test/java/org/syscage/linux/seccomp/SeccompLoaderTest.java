package org.syscage.linux.seccomp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.linux.seccomp.HandWrittenBpf.NR;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_ALLOW;
import static org.syscage.linux.seccomp.HandWrittenBpf.RET_ERRNO;
import static org.syscage.linux.seccomp.HandWrittenBpf.jeq;
import static org.syscage.linux.seccomp.HandWrittenBpf.load;
import static org.syscage.linux.seccomp.HandWrittenBpf.onSyscall;
import static org.syscage.linux.seccomp.HandWrittenBpf.program;
import static org.syscage.linux.seccomp.HandWrittenBpf.ret;

import java.lang.foreign.MemoryLayout.PathElement;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.ffm.Syscalls;

/**
 * Loads filters in this JVM, each on a fresh thread of its own: a filter binds only the thread
 * that installs it, so the test runner's threads never run under one. Every filter here lets
 * through what a thread needs to finish; filters that kill are probed in a child by
 * {@link KernelProbeTest}.
 */
class SeccompLoaderTest {

    /** Runs {@code body} on a new platform thread and returns its result or rethrows its exception. */
    private static <T> T onFreshThread(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread thread = Thread.ofPlatform().start(task);
        thread.join();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void sockFprogFollowsTheCAbi() {
        // unsigned short len, padded so the pointer sits at its natural alignment.
        assertEquals(ADDRESS.byteSize(), SockFprog.LAYOUT.byteOffset(PathElement.groupElement("filter")));
        assertEquals(2 * ADDRESS.byteSize(), SockFprog.LAYOUT.byteSize());
        assertEquals(0, SockFprog.LAYOUT.byteOffset(PathElement.groupElement("len")));
    }

    @Test
    void filterBindsOnlyTheThreadThatInstallsIt() throws Exception {
        long getpid = HostSyscall.GETPID.number();
        byte[] errno42 = onSyscall(getpid, RET_ERRNO | 42);

        long[] seen = onFreshThread(() -> {
            SeccompLoader.load(errno42, Set.of());
            return new long[] {Syscalls.raw(getpid), SeccompLoader.currentMode()};
        });

        assertEquals(-42, seen[0]);
        assertEquals(2, seen[1], "SECCOMP_MODE_FILTER on the loading thread");
        assertEquals(ProcessHandle.current().pid(), Syscalls.raw(getpid));
        assertEquals(0, SeccompLoader.currentMode(), "this thread stays unfiltered");
    }

    @Test
    void jumpPastTheEndIsRefusedWithEinvalAndNothingIsInstalled() throws Exception {
        byte[] badJump = program(
                load(NR),
                jeq(0, 5, 0), // five instructions beyond a two-instruction program
                ret(RET_ALLOW));

        NativeException e = assertThrows(NativeException.class,
                () -> onFreshThread(() -> SeccompLoader.load(badJump, Set.of())));
        assertEquals(22, e.errno());
        assertEquals("EINVAL", e.errnoName());
        assertEquals("seccomp(SECCOMP_SET_MODE_FILTER, []): EINVAL (Invalid argument)", e.getMessage());

        int modeAfterRefusal = onFreshThread(() -> {
            try {
                SeccompLoader.load(badJump, Set.of());
            } catch (NativeException expected) {
                // fail closed means: an exception, and still no filter
            }
            return SeccompLoader.currentMode();
        });
        assertEquals(0, modeAfterRefusal);
    }

    @Test
    void programThatCanEndWithoutReturningIsRefused() {
        byte[] noReturn = program(load(NR));

        NativeException e = assertThrows(NativeException.class,
                () -> onFreshThread(() -> SeccompLoader.load(noReturn, Set.of())));
        assertEquals("EINVAL", e.errnoName());
    }

    @Test
    void flagCombinationTheKernelForbidsIsRefused() {
        // WAIT_KILLABLE_RECV only means something for a notification listener.
        NativeException e = assertThrows(NativeException.class, () -> onFreshThread(
                () -> SeccompLoader.load(program(ret(RET_ALLOW)), EnumSet.of(SeccompLoader.Flag.WAIT_KILLABLE_RECV))));
        assertEquals("EINVAL", e.errnoName());
    }

    @Test
    void newListenerReturnsANotificationFd() throws Exception {
        int fd = onFreshThread(() -> SeccompLoader.load(program(ret(RET_ALLOW)),
                EnumSet.of(SeccompLoader.Flag.NEW_LISTENER)));

        assertTrue(fd > 2, "a fresh file descriptor, got " + fd);
        assertEquals(0, Syscalls.checked("close", HostSyscall.CLOSE.number(), fd));
    }

    @Test
    void bytesThatCannotBeAProgramNeverReachTheKernel() {
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> SeccompLoader.load(new byte[12], Set.of()));
        assertEquals("a seccomp program is a whole number of 8-byte instructions, got 12 bytes", partial.getMessage());

        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> SeccompLoader.load(new byte[4097 * 8], Set.of()));
        assertEquals("the kernel takes at most 4096 instructions, got 4097", tooLong.getMessage());

        assertThrows(IllegalArgumentException.class, () -> SeccompLoader.load(new byte[0], Set.of()));
    }
}
