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
        // The command's own execve (made by the starting shell, shown as the file it started), then ls's and wc's.
        assertEquals(3, execve.count());
        assertEquals("/bin/sh", execve.executable());
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

    /**
     * {@code int 0x80} from 64-bit code runs the i386 table (64 is getppid there, semget on
     * x86_64): seccomp sees it as i386, and so must both backends.
     */
    @Test
    void int80From64BitCodeIsRecordedAsI386(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("int80.c");
        Files.writeString(source, """
                #include <unistd.h>
                int main(void) {
                    long ret;
                    __asm__ volatile ("int $0x80" : "=a"(ret) : "a"(64L) : "memory", "r8", "r9", "r10", "r11");
                    return ret == getppid() ? 0 : 1;
                }
                """);
        Path program = dir.resolve("int80");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", program.toString(), source.toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor());

        Recording ebpf = EbpfRecorder.record(List.of(program.toString()), System.getenv());
        Recording ptrace = Recorder.record(List.of(program.toString()), System.getenv(), true);

        assertEquals(0, ebpf.commandExit(), "int 0x80 with 64 did not return the parent's pid");
        assertEquals(Set.of("getppid"), ebpf.byArch().get(Arch.X86));
        assertTrue(ebpf.byArch().get(Arch.X86_64).contains("getppid"), "the libc getppid() is a native call");
        assertTrue(!ebpf.byArch().get(Arch.X86_64).contains("semget"), String.valueOf(ebpf.byArch()));
        assertEquals(ptrace.byArch(), ebpf.byArch());
    }
}
