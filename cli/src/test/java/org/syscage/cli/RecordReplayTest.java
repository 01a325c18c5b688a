package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: a profile recorded from a workload lets the same workload run under
 * it (ERRNO for everything else, runc's base set added, compiled as runc compiles it).
 */
class RecordReplayTest {
    @TempDir
    Path dir;

    static final List<List<String>> WORKLOADS = List.of(
            List.of("ls", "/"),
            List.of("sh", "-c", "sleep 0.1 & ls / | wc -l; wait"),
            List.of("/usr/bin/python3", "-c", "import json; json.dumps({'a': 1})"),
            List.of("/usr/bin/python3", "-c", "import threading\n"
                    + "ts = [threading.Thread(target=sum, args=(range(10000),)) for _ in range(4)]\n"
                    + "[t.start() for t in ts]; [t.join() for t in ts]"));

    @TestFactory
    Stream<DynamicTest> aRecordedWorkloadReplaysUnderItsProfile() {
        return WORKLOADS.stream().map(workload -> DynamicTest.dynamicTest(String.join(" ", workload), () -> {
            Path profile = dir.resolve("w" + WORKLOADS.indexOf(workload) + ".json");
            CliRun recorded = CliRun.run(args(List.of("record", "-o", profile.toString(), "--"), workload));
            assertEquals(0, recorded.exit(), recorded.err());
            CliRun replayed = CliRun.run(args(List.of("run", "-p", profile.toString(), "--"), workload));
            assertEquals(0, replayed.exit(), "replay under " + profile + ": " + replayed.err());
        }));
    }

    /** Workloads whose calls --args restricts: sockets, ioctl and fcntl, threads, forks. */
    static final List<List<String>> ARGUMENT_WORKLOADS = List.of(
            List.of("/usr/bin/python3", "-c", "import socket; socket.socket()"),
            List.of("ls", "-l", "/dev"),
            List.of("/bin/sh", "-c", "ls -l /proc/self/fd | wc -l; sleep 0.1 & wait"),
            WORKLOADS.get(3));

    /**
     * With --args and no base set (the tightest profile record writes), every workload still
     * replays: the argument rules let through what the workload did.
     */
    @TestFactory
    Stream<DynamicTest> withArgumentRulesAWorkloadStillReplays() {
        List<List<String>> all = new ArrayList<>(ARGUMENT_WORKLOADS);
        all.addAll(WORKLOADS.subList(0, 3));
        return all.stream().map(workload -> DynamicTest.dynamicTest(String.join(" ", workload), () -> {
            Path profile = dir.resolve("a" + all.indexOf(workload) + ".json");
            CliRun recorded = CliRun.run(args(List.of("record", "--args", "--no-base-syscalls", "-o",
                    profile.toString(), "--"), workload));
            assertEquals(0, recorded.exit(), recorded.err());
            assertTrue(java.nio.file.Files.readString(profile).contains("\"args\""), "no argument rule in " + profile);
            CliRun replayed = CliRun.run(args(List.of("run", "-p", profile.toString(), "--"), workload));
            assertEquals(0, replayed.exit(), "replay under " + profile + ": " + replayed.err());
        }));
    }

    @Test
    void aSocketOfAnotherFamilyIsDeniedUnderTheArgumentRules() throws java.io.IOException {
        Path profile = dir.resolve("inet.json");
        CliRun recorded = CliRun.run("record", "--args", "-o", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)");
        assertEquals(0, recorded.exit(), recorded.err());

        CliRun same = CliRun.run("run", "-p", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)");
        assertEquals(0, same.exit(), same.err());
        CliRun unix = CliRun.run("run", "-p", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)");
        assertEquals(1, unix.exit(), unix.err());
        assertTrue(unix.err().contains("denied socket"), unix.err());
        // The denied call is the AF_UNIX one (family 1 in the first argument).
        assertTrue(unix.err().contains("denied socket (41) x86_64") && unix.err().contains("args(0x1,"), unix.err());
        CliRun udp = CliRun.run("run", "-p", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)");
        assertEquals(1, udp.exit(), udp.err());
        assertTrue(udp.err().contains("denied socket"), udp.err());
    }

    private static String[] args(List<String> head, List<String> workload) {
        List<String> all = new ArrayList<>(head);
        all.addAll(workload);
        return all.toArray(String[]::new);
    }
}
