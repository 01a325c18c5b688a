package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.format.ProfileReader;
import org.syscage.linux.ebpf.Cgroup2;

/** {@code record --pid} and {@code record --cgroup}: something already running, with the eBPF backend. */
class RecordRunningTest {
    @TempDir
    Path dir;

    /** A python3 that calls {@code call} (an os function) every 10 ms for {@code seconds}. */
    private static Process calling(String call, double seconds) throws Exception {
        return new ProcessBuilder("/usr/bin/python3", "-c", "import os, time\nend = time.time() + " + seconds
                + "\nwhile time.time() < end:\n    os." + call + "\n    time.sleep(0.01)\n").start();
    }

    private static List<String> names(Path profile) {
        return ProfileReader.read(profile).syscalls().getFirst().names();
    }

    @Test
    void aRunningProcessIsRecordedUntilItEnds() throws Exception {
        Process p = calling("getppid()", 3);
        Path out = dir.resolve("p.json");
        CliRun r = CliRun.run("record", "--pid", Long.toString(p.pid()), "--no-base-syscalls", "-o", out.toString());

        assertEquals(0, r.exit(), r.err());
        assertEquals(0, p.waitFor());
        // It ended on its own (no --duration): its last calls are in.
        assertTrue(names(out).containsAll(List.of("getppid", "clock_nanosleep", "exit_group")), names(out).toString());
        assertTrue(r.err().contains("wrote " + out), r.err());
    }

    @Test
    void aRunningCgroupIsRecordedForItsDurationAndNothingOutsideIt() throws Exception {
        Cgroup2 cgroup = Cgroup2.createFresh();
        Process inside = calling("getppid()", 6);
        Process outside = calling("getsid(0)", 6);
        try {
            cgroup.add((int) inside.pid());
            Path out = dir.resolve("c.json");
            CliRun r = CliRun.run("record", "--cgroup", cgroup.dir().toString(), "--duration", "1500ms",
                    "--no-base-syscalls", "-o", out.toString());

            assertEquals(0, r.exit(), r.err());
            assertTrue(inside.isAlive(), "--duration ended the recording, not the process");
            List<String> names = names(out);
            assertTrue(names.contains("getppid"), names.toString());
            assertFalse(names.contains("getsid"), names.toString());
            assertFalse(names.contains("exit_group"), names.toString());
        } finally {
            inside.destroyForcibly().waitFor();
            outside.destroyForcibly().waitFor();
            cgroup.remove();
        }
    }
}
