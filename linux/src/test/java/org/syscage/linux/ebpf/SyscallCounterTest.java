package org.syscage.linux.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.Syscalls;

/** The counting program in the real kernel (the tests run as root). */
class SyscallCounterTest {
    private static final long GETPPID = SyscallTable.of(Arch.host()).number("getppid").orElseThrow();

    /** A python3 that waits for a line on stdin, then calls getppid {@code n} times and exits. */
    private static Process getppidLoop(int n) throws IOException {
        return new ProcessBuilder("/usr/bin/python3", "-c", "import os, sys\nsys.stdin.readline()\nfor _ in range(" + n
                + "):\n    os.getppid()\n").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void go(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
    }

    private static Map<String, Long> byName(List<SyscallCounter.Count> counts) {
        SyscallTable table = SyscallTable.of(Arch.host());
        return counts.stream().filter(c -> c.arch() == Arch.host())
                .collect(Collectors.toMap(c -> table.name(c.number()).orElse("nr " + c.number()),
                        SyscallCounter.Count::count));
    }

    @Test
    void countsExactlyTheCallsOfTheWatchedProcess() throws Exception {
        Process watched = getppidLoop(1000);
        Process other = getppidLoop(700);
        try (SyscallCounter counter = SyscallCounter.load(new SyscallCounter.Scope.Process((int) watched.pid()))) {
            counter.attach();
            go(other);
            go(watched);
            for (int i = 0; i < 300; i++) {
                Syscalls.raw(GETPPID); // this JVM's own calls are not the watched process's either
            }
            assertEquals(0, watched.waitFor());
            assertEquals(0, other.waitFor());
            counter.detach();
            List<SyscallCounter.Count> counts = counter.read();

            assertEquals(1000L, byName(counts).get("getppid"), String.valueOf(byName(counts)));
            SyscallCounter.Count getppid = counts.stream().filter(c -> c.number() == GETPPID).findFirst().orElseThrow();
            assertEquals((int) watched.pid(), getppid.firstTid());
            assertTrue(getppid.firstComm().startsWith("python3"), getppid.firstComm());
            assertEquals(1L, byName(counts).get("exit_group"));
        } finally {
            watched.destroyForcibly();
            other.destroyForcibly();
        }
    }

    @Test
    void aCgroupScopeCountsItsProcessesAndNothingElse() throws Exception {
        Cgroup2 cgroup = Cgroup2.createFresh();
        Process inside = getppidLoop(500);
        Process outside = getppidLoop(800);
        try (SyscallCounter counter = SyscallCounter.load(new SyscallCounter.Scope.Cgroup(cgroup))) {
            cgroup.add((int) inside.pid());
            counter.attach();
            go(outside);
            go(inside);
            assertEquals(0, inside.waitFor());
            assertEquals(0, outside.waitFor());
            counter.detach();

            assertEquals(500L, byName(counter.read()).get("getppid"));
        } finally {
            inside.destroyForcibly();
            outside.destroyForcibly();
            inside.waitFor();
            cgroup.remove();
        }
    }

    @Test
    void nothingIsCountedBeforeAttachOrAfterDetach() throws Exception {
        try (SyscallCounter counter = SyscallCounter.load(new SyscallCounter.Scope.Process((int) ProcessHandle.current().pid()))) {
            Syscalls.raw(GETPPID);
            counter.attach();
            for (int i = 0; i < 5; i++) {
                Syscalls.raw(GETPPID);
            }
            counter.detach();
            Syscalls.raw(GETPPID);
            Syscalls.raw(HostSyscall.GETPID.number());
            assertEquals(5L, byName(counter.read()).get("getppid"));
        }
    }

    /**
     * Both ways of telling an i386 call on x86_64 (TS_COMPAT found through BTF, and the code
     * segment used without BTF) count an i386 program's getppid (64) under x86, not as x86_64's
     * 64 (semget).
     */
    @Test
    void i386CallsAreCountedApartWithEitherCompatTest(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("wait32.c");
        Files.writeString(source, "#include <unistd.h>\nint main(void) { char c; read(0, &c, 1); "
                + "return getppid() > 0 ? 0 : 1; }\n");
        Path program = dir.resolve("wait32");
        Process gcc = new ProcessBuilder("gcc", "-m32", "-o", program.toString(), source.toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor(), "gcc -m32 failed: is gcc-multilib installed?");
        List<SyscallAbi.CompatTest> tests = List.of(SyscallAbi.x86CompatTest(KernelBtf.running()),
                SyscallAbi.x86CompatTest(Optional.empty()));
        assertEquals(List.of(SyscallAbi.CompatTest.TaskFlag.class, SyscallAbi.CompatTest.SavedRegister.class),
                tests.stream().map(Object::getClass).toList());
        for (SyscallAbi.CompatTest test : tests) {
            Process p = new ProcessBuilder(program.toString()).start();
            SyscallAbi abi = new SyscallAbi(Arch.X86_64, test, Arch.X86, true);
            try (SyscallCounter counter = SyscallCounter.load(new SyscallCounter.Scope.Process((int) p.pid()), abi)) {
                counter.attach();
                go(p);
                assertEquals(0, p.waitFor());
                counter.detach();
                List<SyscallCounter.Count> counts = counter.read();
                assertTrue(counts.stream().anyMatch(c -> c.arch() == Arch.X86 && c.number() == 64 && c.count() == 1),
                        test + ": " + counts);
                assertTrue(counts.stream().noneMatch(c -> c.arch() == Arch.X86_64), test + ": " + counts);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
