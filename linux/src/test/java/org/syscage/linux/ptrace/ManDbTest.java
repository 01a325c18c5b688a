package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.linux.proc.ProcStatus;
import org.syscage.linux.proc.SeccompMode;

/**
 * man-db's real sandbox: Debian's {@code man} builds a libseccomp filter and installs it in the
 * children that decompress and format pages (unless MAN_DISABLE_SECCOMP is set). CI installs
 * man-db and manpages; without them these tests fail.
 */
class ManDbTest {
    private static final Map<String, String> ENV = manEnvironment();

    private static Map<String, String> manEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MAN_DISABLE_SECCOMP");
        return env;
    }

    private static TraceResult traceMan(boolean kernelCopy) {
        // Through a shell, so that the page goes to /dev/null rather than into the test's output.
        return FilterTracer.run(List.of("sh", "-c", "man -P cat ls > /dev/null"),
                TraceOptions.defaults().withLimit(TraceOptions.ALL).withKernelCopy(kernelCopy).withEnvironment(ENV),
                install -> { });
    }

    @Test
    void everyChildOfManInstallsTheSameFilterAndTheKernelKeepsItsBytes() {
        TraceResult fromKernel = traceMan(true);
        TraceResult fromMemory = traceMan(false);

        assertEquals(0, fromKernel.commandExit());
        List<SeccompInstall.Filter> filters = fromKernel.filters();
        assertFalse(filters.isEmpty(), "man installed no filter: is man-db installed, MAN_DISABLE_SECCOMP set?");
        assertEquals(filters.size(), fromKernel.installs().size(), "libseccomp's failing strict-mode probe is not an install");
        byte[] sandbox = filters.getFirst().program();
        for (SeccompInstall.Filter f : filters) {
            assertEquals(Arch.X86_64, f.arch());
            assertEquals("seccomp(SECCOMP_SET_MODE_FILTER)", f.call());
            assertEquals(SeccompInstall.Source.KERNEL, f.source());
            assertArrayEquals(sandbox, f.program(), f.describe());
        }
        assertTrue(sandbox.length / 8 > 100, "man-db's filter is a long one, got " + sandbox.length / 8);
        for (SeccompInstall.Filter f : fromMemory.filters()) {
            assertEquals(SeccompInstall.Source.TRACEE_MEMORY, f.source());
            assertArrayEquals(sandbox, f.program(), "what man pointed the kernel at is what the kernel keeps");
        }
    }

    /**
     * The same bytes from a live child of man: with its output going to a pipe nobody reads, man's
     * sandboxed formatter blocks, holding the filter, and is read with PTRACE_SECCOMP_GET_FILTER.
     */
    @Test
    void aLiveSandboxedChildOfManHoldsTheFilterTheTraceCaptured() throws Exception {
        byte[] captured = traceMan(true).filters().getFirst().program();
        ProcessBuilder builder = new ProcessBuilder("man", "bash");
        builder.environment().remove("MAN_DISABLE_SECCOMP");
        Process man = builder.start(); // stdout is a pipe this test never reads
        try {
            ProcessHandle sandboxed = awaitSandboxedDescendant(man);
            int pid = (int) sandboxed.pid();
            ProcStatus status = ProcStatus.read(pid);
            assertEquals(SeccompMode.FILTER, status.seccomp());

            List<byte[]> filters = AttachedFilters.read(pid);

            assertEquals(status.seccompFilters().orElseThrow(), filters.size());
            assertArrayEquals(captured, filters.getLast(), "pid " + pid + " (" + status.name() + ")");
        } finally {
            man.descendants().forEach(ProcessHandle::destroyForcibly);
            man.destroyForcibly();
            man.waitFor();
        }
    }

    private static ProcessHandle awaitSandboxedDescendant(Process man) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> found = man.descendants().filter(p -> {
                try {
                    ProcStatus s = ProcStatus.read((int) p.pid());
                    return s.seccomp() == SeccompMode.FILTER && s.state() == 'S';
                } catch (RuntimeException gone) {
                    return false;
                }
            }).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no child of 'man bash' ran under a filter within a minute");
    }
}
