package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: a profile recorded from a workload, with either backend, lets the same
 * workload run under it (ERRNO for everything else, runc's base set added, compiled as runc compiles it).
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
        return Stream.of("ptrace", "ebpf").flatMap(backend -> WORKLOADS.stream().map(workload ->
                DynamicTest.dynamicTest(backend + ": " + String.join(" ", workload), () -> {
                    Path profile = dir.resolve(backend + WORKLOADS.indexOf(workload) + ".json");
                    CliRun recorded = CliRun.run(args(List.of("record", "--backend", backend, "-o", profile.toString(),
                            "--"), workload));
                    assertEquals(0, recorded.exit(), recorded.err());
                    CliRun replayed = CliRun.run(args(List.of("run", "-p", profile.toString(), "--"), workload));
                    assertEquals(0, replayed.exit(), "replay under " + profile + ": " + replayed.err());
                })));
    }

    private static String[] args(List<String> head, List<String> workload) {
        List<String> all = new ArrayList<>(head);
        all.addAll(workload);
        return all.toArray(String[]::new);
    }
}
