package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.linux.proc.ProcStatus;

class FilterTracerTest {
    private static final TraceOptions ALL = TraceOptions.defaults().withLimit(TraceOptions.ALL);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "kernel copy {0}")
    @ValueSource(booleans = {true, false})
    void capturesEachAcceptedFilterInOrderAndNotTheRefusedProbe(boolean kernelCopy) throws IOException {
        List<SeccompInstall> seen = new ArrayList<>();
        TraceResult result = FilterTracer.run(List.of(TinyPrograms.twoFilters(dir).toString()),
                ALL.withKernelCopy(kernelCopy), seen::add);

        assertEquals(TraceResult.Ending.FINISHED, result.ending());
        assertEquals(0, result.commandExit());
        assertEquals(seen, result.installs(), "the listener hears each install as the result lists it");
        List<SeccompInstall.Filter> filters = result.filters();
        assertEquals(2, result.installs().size(), result.installs().toString());
        assertArrayEquals(TinyPrograms.ARCH_GUARD, filters.get(0).program());
        assertArrayEquals(TinyPrograms.NO_GETPID, filters.get(1).program());
        assertEquals("seccomp(SECCOMP_SET_MODE_FILTER)", filters.get(0).call());
        assertEquals("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", filters.get(1).call());
        SeccompInstall.Source source = kernelCopy ? SeccompInstall.Source.KERNEL : SeccompInstall.Source.TRACEE_MEMORY;
        for (SeccompInstall.Filter f : filters) {
            assertEquals(Arch.X86_64, f.arch());
            assertEquals(source, f.source());
            assertEquals("two-filters", f.command());
            assertEquals(f.pid(), f.tid());
        }
    }

    /** libseccomp's filters, caught as python loads them, equal what libseccomp exports for them. */
    @Test
    void capturesLibseccompFiltersByteForByte() throws IOException {
        LibseccompScript python = new LibseccompScript(dir);

        TraceResult result = FilterTracer.run(python.exiting(), ALL, install -> { });

        assertEquals(0, result.commandExit());
        assertEquals(2, result.installs().size(), result.installs().toString());
        assertArrayEquals(python.first(), result.filters().get(0).program());
        assertArrayEquals(python.second(), result.filters().get(1).program());
        assertEquals("python3", result.filters().get(0).command());
    }

    /** A filter that a second thread installs for all threads (TSYNC) is that thread's call. */
    @Test
    void aThreadInstallingForTheWholeProcess() throws IOException {
        Path script = Files.writeString(dir.resolve("thread.py"), """
                import sys, threading
                import seccomp
                def load():
                    f = seccomp.SyscallFilter(seccomp.ALLOW)
                    f.add_rule(seccomp.ERRNO(1), "uname")
                    f.set_attr(seccomp.Attr.CTL_TSYNC, 1)
                    with open(sys.argv[1], "wb") as out:
                        f.export_bpf(out)
                    f.load()
                t = threading.Thread(target=load)
                t.start()
                t.join()
                """);
        Path exported = dir.resolve("thread.bpf");

        TraceResult result = FilterTracer.run(
                List.of(LibseccompScript.PYTHON.toString(), script.toString(), exported.toString()), ALL, install -> { });

        assertEquals(0, result.commandExit());
        SeccompInstall.Filter filter = result.filters().getFirst();
        assertEquals(1, result.installs().size());
        assertEquals("seccomp(SECCOMP_SET_MODE_FILTER, TSYNC|TSYNC_ESRCH)", filter.call(), "libseccomp 2.5 asks for ESRCH too");
        assertTrue(filter.tid() != filter.pid(), "installed by the second thread: " + filter.describe());
        assertTrue(filter.describe().contains(" thread " + filter.tid() + " "), filter.describe());
        assertEquals(SeccompInstall.Source.KERNEL, filter.source());
        assertArrayEquals(Files.readAllBytes(exported), filter.program());
    }

    /**
     * A traced process that stops itself stays stopped until something continues it: the tracer
     * holds the group stop with PTRACE_LISTEN rather than resuming the process.
     */
    @Test
    void aGroupStopLastsUntilSigcont() throws IOException {
        Path log = dir.resolve("log");
        TraceResult result = FilterTracer.run(List.of("sh", "-c",
                "p=$$; (sleep 0.3; echo continue >> $1; kill -CONT $p) & kill -STOP $$; echo resumed >> $1; exit 7",
                "sh", log.toString()), ALL, install -> { });

        assertEquals(7, result.commandExit());
        assertEquals(TraceResult.Ending.FINISHED, result.ending());
        assertEquals(List.of("continue", "resumed"), Files.readAllLines(log));
    }

    @Test
    void theDefaultLimitOfOneKillsTheCommandAfterItsFirstFilter() throws IOException {
        TraceResult result = FilterTracer.run(List.of(TinyPrograms.twoFilters(dir).toString()),
                TraceOptions.defaults(), install -> { });

        assertEquals(TraceResult.Ending.LIMIT_REACHED, result.ending());
        assertEquals(1, result.installs().size());
        assertArrayEquals(TinyPrograms.ARCH_GUARD, result.filters().getFirst().program());
        assertEquals(128 + 9, result.commandExit(), "killed with SIGKILL");
    }

    @ParameterizedTest(name = "kernel copy {0}")
    @ValueSource(booleans = {true, false})
    void anI386FilterIsReadWithThe32BitLayoutAndNamedI386(boolean kernelCopy) throws IOException {
        TraceResult result = FilterTracer.run(List.of(TinyPrograms.i386Filter(dir).toString()),
                ALL.withKernelCopy(kernelCopy), install -> { });

        assertEquals(1, result.installs().size(), result.installs().toString());
        SeccompInstall.Filter filter = result.filters().getFirst();
        assertEquals(Arch.X86, filter.arch());
        assertEquals("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", filter.call());
        assertArrayEquals(TinyPrograms.I386_GUARD, filter.program());
        assertEquals(0, result.commandExit());
    }

    @Test
    void strictModeIsReportedOnceTheKernelAcceptsIt() throws IOException {
        TraceResult x86_64 = FilterTracer.run(List.of(TinyPrograms.x86_64Strict(dir).toString()), ALL, install -> { });
        TraceResult i386 = FilterTracer.run(List.of(TinyPrograms.i386Strict(dir).toString()), ALL, install -> { });

        SeccompInstall.Strict strict64 = assertInstanceOf(SeccompInstall.Strict.class, x86_64.installs().getFirst());
        assertEquals(1, x86_64.installs().size(), "the refused seccomp(STRICT, 1, NULL) is not an install");
        assertEquals("seccomp(SECCOMP_SET_MODE_STRICT)", strict64.call());
        assertEquals(Arch.X86_64, strict64.arch());
        assertEquals(0, x86_64.commandExit());
        SeccompInstall.Strict strict32 = assertInstanceOf(SeccompInstall.Strict.class, i386.installs().getFirst());
        assertEquals("prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT)", strict32.call());
        assertEquals(Arch.X86, strict32.arch());
        assertEquals(TraceResult.Ending.FINISHED, i386.ending(), "strict mode does not count towards the limit");
    }

    @Test
    void aCommandWithoutFiltersRunsToItsEnd() {
        TraceResult result = FilterTracer.run(List.of("sh", "-c", "exit 3"), TraceOptions.defaults(), install -> { });

        assertEquals(List.of(), result.installs());
        assertEquals(TraceResult.Ending.FINISHED, result.ending());
        assertEquals(3, result.commandExit());
    }

    @Test
    void theTimeoutKillsACommandThatRunsOn() {
        long start = System.nanoTime();
        TraceResult result = FilterTracer.run(List.of("sleep", "60"),
                TraceOptions.defaults().withTimeout(Duration.ofMillis(300)), install -> { });

        assertEquals(TraceResult.Ending.TIMED_OUT, result.ending());
        assertEquals(128 + 9, result.commandExit());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(30)) < 0);
    }

    @Test
    void aFailingListenerEndsTheTraceAndLeavesNoProcessBehind() throws IOException {
        Path program = TinyPrograms.twoFilters(dir);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FilterTracer.run(
                List.of(program.toString()), ALL, install -> {
                    throw new IllegalStateException("disk full");
                }));

        assertEquals("disk full", e.getMessage());
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> nameOf(p).equals("two-filters")),
                "the traced program was killed and reaped (not even a zombie is left)");
    }

    private static String nameOf(ProcessHandle p) {
        try {
            return ProcStatus.read((int) p.pid()).name();
        } catch (RuntimeException gone) {
            return "";
        }
    }

    @Test
    void aMissingCommandIsBadInput() {
        InputException e = assertThrows(InputException.class,
                () -> FilterTracer.run(List.of("no-such-command-here"), TraceOptions.defaults(), install -> { }));
        assertEquals("no-such-command-here: command not found", e.getMessage());
    }
}
