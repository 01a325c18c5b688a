package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ptrace.SyscallTracer;

class RecorderTest {
    private static final List<List<String>> WORKLOADS = List.of(
            List.of("ls", "/"),
            // The sleep outlasts the pipeline, so the shell always blocks in wait: what it calls
            // there must not depend on which finished first (strace and syscage run it apart).
            List.of("sh", "-c", "sleep 0.5 & ls / | wc -l; wait"),
            List.of("/usr/bin/python3", "-c", "import json"),
            List.of("/usr/bin/python3", "-c",
                    "import threading\nt=[threading.Thread(target=sum, args=(range(100000),)) for _ in range(4)]\n"
                            + "[x.start() for x in t]\n[x.join() for x in t]"));

    static List<List<String>> workloads() {
        return WORKLOADS;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void recordsEverySyscallStraceSeesWithOneStopPerCall(int workload) throws Exception {
        List<String> command = WORKLOADS.get(workload);
        Recording r = Recorder.record(command, System.getenv(), true);

        assertEquals(SyscallTracer.Stops.SECCOMP, r.stops(), r.fallbackReason());
        assertEquals(0, r.commandExit());
        assertCovers(StraceOracle.syscalls(command), r.byArch().get(Arch.X86_64), command);
    }

    @Test
    void twoStopModeRecordsTheSameSyscalls() throws Exception {
        List<String> command = WORKLOADS.get(1);
        Recording r = Recorder.record(command, System.getenv(), false);

        assertEquals(SyscallTracer.Stops.SYSCALL, r.stops());
        assertNull(r.fallbackReason());
        assertCovers(StraceOracle.syscalls(command), r.byArch().get(Arch.X86_64), command);
    }

    @Test
    void countsFirstCallerAndExecutable() {
        // Absolute paths: a name would make the shell try each PATH directory, an execve each.
        Recording r = Recorder.record(List.of("/bin/sh", "-c", "exec /bin/true"), System.getenv(), true);

        RecordedSyscall execve = r.syscalls().stream().filter(s -> s.name().equals("execve")).findFirst().orElseThrow();
        // The command's own execve (made by the starting shell, so its executable is a shell), then /bin/true's.
        assertEquals(2, execve.count());
        assertTrue(execve.firstPid() > 0);
        assertTrue(execve.executable().endsWith("sh") || execve.executable().endsWith("dash"), execve.executable());
        RecordedSyscall exitGroup = r.syscalls().stream().filter(s -> s.name().equals("exit_group")).findFirst()
                .orElseThrow();
        assertEquals(1, exitGroup.count());
        assertTrue(exitGroup.executable().endsWith("/true"), exitGroup.executable());
    }

    @Test
    void exitStatusIsTheCommands() {
        assertEquals(3, Recorder.record(List.of("sh", "-c", "exit 3"), System.getenv(), true).commandExit());
        assertEquals(128 + 9, Recorder.record(List.of("sh", "-c", "kill -9 $$"), System.getenv(), true).commandExit());
    }

    static void assertCovers(Set<String> expected, Set<String> recorded, List<String> command) {
        SortedSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(recorded);
        assertTrue(!expected.isEmpty() && missing.isEmpty(), command + ": strace saw " + expected
                + " but the recording lacks " + missing);
    }
}
