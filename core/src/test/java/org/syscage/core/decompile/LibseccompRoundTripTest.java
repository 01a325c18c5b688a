package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;

/**
 * Filters libseccomp made from profiles decompile into profiles that libseccomp compiles back
 * into filters deciding exactly alike - proved by the symbolic equivalence search over every
 * input of every listed arch, not sampled.
 */
class LibseccompRoundTripTest {
    static final String INSPECT = "/org/syscage/core/inspect/libseccomp/";
    static final String BPF = "/org/syscage/core/bpf/";

    static Stream<String> fixtures() {
        Stream<String> inspect = Stream.of("actions", "arguments", "basic", "docker")
                .flatMap(p -> Stream.of("x86_64", "x86", "aarch64").flatMap(a -> Stream.of(1, 2)
                        .map(o -> INSPECT + p + "." + a + ".o" + o + ".bpf")));
        Stream<String> more = Stream.of(INSPECT + "basic.x86_64+x86+x32.o1.bpf",
                BPF + "libseccomp-x86_64-o1.bpf", BPF + "libseccomp-x86_64-o2.bpf", BPF + "libseccomp-x86-o1.bpf",
                BPF + "libseccomp-aarch64-o2.bpf", BPF + "libseccomp-s390x-o1.bpf",
                BPF + "libseccomp-x86_64-x86-x32-o1.bpf");
        return Stream.concat(inspect, more);
    }

    static BpfProgram read(String resource) throws IOException {
        try (InputStream in = LibseccompRoundTripTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            boolean bigEndian = resource.contains("s390x");
            return BpfProgram.fromBytes(in.readAllBytes(), bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        }
    }

    static Decompilation decompileExactly(BpfProgram program, boolean littleEndian, List<Arch> arches) {
        Decompilation d = Decompiler.decompile(program, littleEndian, arches);
        assertTrue(d.exact(), () -> "findings: " + d.findings().stream().map(Finding::render).toList());
        return d;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decompiledProfileCompilesBackToAnEquivalentFilter(String resource) throws IOException {
        BpfProgram original = read(resource);
        boolean le = !resource.contains("s390x");
        Decompilation d = decompileExactly(original, le, List.of());
        for (int optimize : new int[] {1, 2}) {
            RoundTrip.Outcome outcome = RoundTrip.check(original, d, new LibseccompCompiler(optimize));
            assertTrue(outcome.exhaustive(), "the comparison must be a proof");
            assertTrue(outcome.difference().isEmpty(), () -> "differs on " + outcome.difference().get()
                    + "\n" + ProfileWriter.write(d.profile(), ProfileFormat.OCI));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decompilingTheRecompiledFilterGivesTheSameProfile(String resource) throws IOException {
        BpfProgram original = read(resource);
        boolean le = !resource.contains("s390x");
        Decompilation first = decompileExactly(original, le, List.of());
        BpfProgram again = new LibseccompCompiler(2).compile(first.profile(), first.badArch().orElse(null));
        Decompilation second = decompileExactly(again, le, List.of());
        assertEquals(first.profile(), second.profile());
    }
}
