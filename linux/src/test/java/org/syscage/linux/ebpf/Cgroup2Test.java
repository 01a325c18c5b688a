package org.syscage.linux.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.linux.ffm.Syscalls;

class Cgroup2Test {
    @Test
    void theCgroup2MountIsFoundWhereverItIs() {
        List<String> hybrid = List.of(
                "31 25 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw",
                "42 31 0:39 / /sys/fs/cgroup/memory rw,relatime shared:11 - cgroup cgroup rw,memory");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), Cgroup2.mountPoint(hybrid));

        List<String> unified = List.of("35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - "
                + "cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup")), Cgroup2.mountPoint(unified));

        // Optional fields before " - " and an escaped space in the mount point.
        List<String> odd = List.of("50 24 0:40 / /mnt/my\\040cgroups rw master:3 shared:20 - cgroup2 none rw");
        assertEquals(Optional.of(Path.of("/mnt/my cgroups")), Cgroup2.mountPoint(odd));

        assertEquals(Optional.empty(), Cgroup2.mountPoint(List.of(hybrid.getFirst(), hybrid.get(2))));
    }

    @Test
    void anExistingCgroupIsADirectoryOrAPathUnderTheMount() throws Exception {
        Cgroup2 fresh = Cgroup2.createFresh();
        try {
            assertTrue(Files.isRegularFile(fresh.dir().resolve("cgroup.procs")));
            assertEquals(fresh, Cgroup2.existing(fresh.dir().toString()));
            assertEquals(fresh, Cgroup2.existing("/" + fresh.dir().getFileName()));
            InputException e = assertThrows(InputException.class, () -> Cgroup2.existing("/no/such/cgroup"));
            assertTrue(e.getMessage().startsWith("--cgroup /no/such/cgroup: "), e.getMessage());
        } finally {
            fresh.remove();
        }
    }

    /** The pid of a process that has ended and been reaped, and that no process has taken since. */
    private static long deadPid() throws Exception {
        while (true) {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            if (ProcessHandle.of(p.pid()).isEmpty()) {
                return p.pid();
            }
        }
    }

    @Test
    void aCgroupLeftByASyscageThatIsGoneIsRemovedIfEmpty() throws Exception {
        Path mount = Cgroup2.mountPoint().orElseThrow();
        long dead = deadPid();
        Path stale = mount.resolve("syscage-record-" + dead + "-1");
        Path live = mount.resolve("syscage-record-" + ProcessHandle.current().pid() + "-777");
        Path occupied = mount.resolve("syscage-record-" + dead + "-2");
        Path parent = mount.resolve("syscage-record-" + dead + "-3");
        Path child = parent.resolve("child");
        Path otherName = mount.resolve("syscage-record-" + dead);
        int thread = Syscalls.gettid();
        assertNotEquals(ProcessHandle.current().pid(), thread, "tests run on a thread other than the first");
        Path ofAThread = mount.resolve("syscage-record-" + thread + "-1");
        List<Path> made = List.of(stale, live, occupied, parent, child, otherName, ofAThread);
        for (Path dir : made) {
            Files.createDirectory(dir);
        }
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            new Cgroup2(occupied).add((int) sleeper.pid());

            List<Path> removed = Cgroup2.removeStale(mount);

            assertEquals(Set.of(stale, ofAThread), Set.copyOf(removed));
            assertFalse(Files.exists(stale));
            assertFalse(Files.exists(ofAThread), "the id is a thread's now: the process that had it is gone");
            assertTrue(Files.isDirectory(live), "its syscage is alive: this JVM");
            assertTrue(Files.isDirectory(occupied), "a process is in it");
            assertTrue(Files.isDirectory(child), "it has a child cgroup");
            assertTrue(Files.isDirectory(otherName), "not a name syscage gives");
        } finally {
            sleeper.destroyForcibly().waitFor();
            while (new Cgroup2(occupied).populated()) {
                Thread.sleep(10);
            }
            for (Path dir : made.reversed()) {
                Files.deleteIfExists(dir);
            }
        }
    }
}
