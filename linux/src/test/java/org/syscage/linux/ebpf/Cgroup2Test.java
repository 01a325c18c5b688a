package org.syscage.linux.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;

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
}
