package org.syscage.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.linux.seccomp.CompiledFilterKernelTest.Probe;

/**
 * The real filters whose disassembly and emulation are checked against seccomp-tools (man-db's
 * sandbox, and libseccomp's builds of Docker's default, an allow-list with argument rules and a
 * deny-list at both optimization levels; core's test resources, seccomp-tools-real/) loaded in the
 * kernel: every probed call gets what syscage's emulator, the engine of {@code syscage emu},
 * predicts.
 */
class RealFiltersKernelTest {
    private static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "org", "syscage", "core",
            "inspect", "seccomp-tools-real");

    static Stream<Path> hostFilters() throws IOException {
        assertTrue(Arch.host() == Arch.X86_64, "the fixtures are x86_64 filters; this host is " + Arch.host());
        try (Stream<Path> files = Files.list(FIXTURES)) {
            List<Path> filters = files.filter(f -> f.getFileName().toString().matches(".*\\.amd64(\\.o[12])?\\.bpf"))
                    .sorted().toList();
            assertTrue(filters.size() >= 7, "man-db's and six libseccomp filters expected in " + FIXTURES + ": " + filters);
            return filters.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostFilters")
    void theKernelDecidesAsTheEmulatorSays(Path filter) throws IOException {
        byte[] bytes = Files.readAllBytes(filter);
        BpfProgram program = BpfProgram.fromBytes(bytes, ByteOrder.LITTLE_ENDIAN);
        List<Probe> probes = CompiledFilterKernelTest.probes();
        List<ProbeOutcome> outcomes = KernelProbe.run(bytes, probes.stream().map(Probe::call).toList());
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            int decided = Emulator.decide(program, SeccompData.of(Arch.X86_64, (int) p.call().nr(), p.filterArgs()),
                    Arch.X86_64);
            CompiledFilterKernelTest.assertMatches(decided, outcomes.get(i), filter.getFileName() + ": syscall "
                    + p.call().nr() + " args " + java.util.Arrays.toString(p.filterArgs()) + ": emulator says "
                    + Bpf.describeReturn(decided));
        }
    }
}
