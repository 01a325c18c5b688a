package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ebpf.EbpfRecorder;
import org.syscage.linux.ptrace.SyscallTracer;

/** The eBPF backend against the same oracle as the ptrace backend ({@link RecorderTest}): strace -f. */
class EbpfRecordingTest {
    @ParameterizedTest
    @MethodSource("org.syscage.linux.record.RecorderTest#workloads")
    void recordsEverySyscallStraceSees(List<String> command) throws Exception {
        Recording r = EbpfRecorder.record(command, System.getenv());

        assertEquals(SyscallTracer.Stops.NONE, r.stops());
        assertEquals(0, r.commandExit());
        RecorderTest.assertCovers(StraceOracle.syscalls(command), r.byArch().get(Arch.X86_64), command);
    }

    @Test
    void recordsWhatThePtraceBackendRecords() {
        List<String> command = List.of("/bin/sh", "-c", "ls / | wc -l");
        Recording ebpf = EbpfRecorder.record(command, System.getenv());
        Recording ptrace = Recorder.record(command, System.getenv(), true);

        assertEquals(ptrace.byArch(), ebpf.byArch());
        RecordedSyscall execve = ebpf.syscalls().stream().filter(s -> s.name().equals("execve")).findFirst().orElseThrow();
        // The command's own execve (made by the starting shell: comm "sh"), then ls's and wc's.
        assertEquals(3, execve.count());
        assertEquals("(sh)", execve.executable());
    }

    @Test
    void exitStatusIsTheCommands() {
        assertEquals(3, EbpfRecorder.record(List.of("sh", "-c", "exit 3"), System.getenv()).commandExit());
        assertEquals(128 + 9, EbpfRecorder.record(List.of("sh", "-c", "kill -9 $$"), System.getenv()).commandExit());
    }

    @Test
    void i386CallsAreRecordedUnderX86(@TempDir Path dir) throws Exception {
        Path program = CompatRecordingTest.hello32(dir);

        Recording r = EbpfRecorder.record(List.of(program.toString()), System.getenv());

        assertEquals(0, r.commandExit());
        assertTrue(r.byArch().get(Arch.X86).containsAll(Set.of("write", "exit_group", "brk")), String.valueOf(r.byArch()));
        assertEquals(Set.of("execve"), r.byArch().get(Arch.X86_64));
        assertEquals(List.of(Arch.X86_64, Arch.X86), List.copyOf(r.byArch().keySet()));
    }
}
