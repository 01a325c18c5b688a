package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.InputException;
import org.syscage.linux.proc.ProcStatus;
import org.syscage.linux.proc.SeccompMode;

class AttachedFiltersTest {
    @TempDir
    Path dir;

    /** The kernel's copies of libseccomp's filters equal what libseccomp exports for them, oldest first. */
    @Test
    void readsEveryFilterOfALiveProcessOldestFirst() throws Exception {
        LibseccompScript python = new LibseccompScript(dir);
        try (Grandchild sleeper = python.startSleeping()) {
            List<byte[]> filters = AttachedFilters.read(sleeper.pid());

            assertEquals(2, filters.size());
            assertArrayEquals(python.first(), filters.get(0), "index 0 is the filter loaded first");
            assertArrayEquals(python.second(), filters.get(1));
            List<byte[]> limited = AttachedFilters.read(sleeper.pid(), 1);
            assertEquals(1, limited.size());
            assertArrayEquals(python.first(), limited.getFirst());

            ProcStatus after = ProcStatus.read(sleeper.pid());
            assertEquals(0, after.tracerPid(), "detached again");
            assertNotStopped(after);
        }
    }

    /** Detached, the process runs on: it may still be on its way back to sleep, but it is not stopped. */
    private static void assertNotStopped(ProcStatus status) {
        assertTrue(status.state() != 't' && status.state() != 'T', "state " + status.state());
    }

    @Test
    void aProcessWithoutFiltersHasNone() throws Exception {
        try (Grandchild sleep = Grandchild.start(List.of("sleep", "60"))) {
            assertEquals(SeccompMode.DISABLED, ProcStatus.read(sleep.pid()).seccomp());
            assertEquals(List.of(), AttachedFilters.read(sleep.pid()));
        }
    }

    /**
     * A child the JDK started as a {@link Process}: the JDK's reaper thread is blocked in waitpid
     * for it and takes the ptrace stop's notification (the {@code Process} then believes the
     * child exited). Reading must neither hang nor fail, and the child runs on.
     */
    @Test
    void aChildOfThisJvmCanBeReadDespiteTheJdksReaper() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            assertEquals(List.of(), AttachedFilters.read((int) sleep.pid()));
            ProcStatus after = ProcStatus.read((int) sleep.pid());
            assertNotStopped(after);
            assertEquals(0, after.tracerPid());
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor();
        }
    }

    @Test
    void aMissingProcessIsBadInput() {
        InputException e = assertThrows(InputException.class, () -> AttachedFilters.read(Integer.MAX_VALUE - 1));
        assertTrue(e.getMessage().endsWith(": no such process"), e.getMessage());
    }

    @Test
    void itsOwnProcessCannotBeTraced() {
        PtraceException e = assertThrows(PtraceException.class,
                () -> AttachedFilters.read((int) ProcessHandle.current().pid()));
        assertEquals(1, e.errno());
        assertTrue(e.getMessage().contains("it is a thread of this process"), e.getMessage());
    }
}
