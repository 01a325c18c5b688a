package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.SyscallRule;

/**
 * Filters libseccomp made from profiles decompile into profiles that libseccomp compiles back
 * into filters deciding exactly alike - proved by the symbolic equivalence search over every
 * input of every listed arch, not sampled.
 */
class LibseccompRoundTripTest {
    static final String INSPECT = "/org/syscage/core/inspect/libseccomp/";
    static final String BPF = "/org/syscage/core/bpf/";
    static final String DOCKER = "/org/syscage/core/decompile/";

    static Stream<String> fixtures() {
        Stream<String> inspect = Stream.of("actions", "arguments", "basic", "docker")
                .flatMap(p -> Stream.of("x86_64", "x86", "aarch64").flatMap(a -> Stream.of(1, 2)
                        .map(o -> INSPECT + p + "." + a + ".o" + o + ".bpf")));
        Stream<String> more = Stream.of(INSPECT + "basic.x86_64+x86+x32.o1.bpf",
                BPF + "libseccomp-x86_64-o1.bpf", BPF + "libseccomp-x86_64-o2.bpf", BPF + "libseccomp-x86-o1.bpf",
                BPF + "libseccomp-aarch64-o2.bpf", BPF + "libseccomp-s390x-o1.bpf",
                BPF + "libseccomp-x86_64-x86-x32-o1.bpf", DOCKER + "docker-default.aarch64.o2.bpf");
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

    /**
     * Docker's default profile as a container on x86_64 gets it (x86_64, x86 and x32), compiled by
     * Debian's libseccomp 2.5.4. Its syscall table has no x32 map_shadow_stack, syscage's (Linux
     * 7.1) has: the filter allows map_shadow_stack on x86_64 and x86 but not on x32, which no
     * profile can say under syscage's table. That is the one finding; the rest is exact.
     */
    @ParameterizedTest
    @ValueSource(strings = {"docker-default.x86_64.o1.bpf", "docker-default.x86_64.o2.bpf"})
    void dockersDefaultOnX86_64DiffersOnlyWhereTheSyscallTablesDo(String file) throws IOException {
        BpfProgram original = read(DOCKER + file);
        Decompilation d = Decompiler.decompile(original, true, List.of());
        assertEquals(List.of(Arch.X86, Arch.X86_64, Arch.X32), d.profile().architectures());
        assertEquals(1, d.findings().size(), () -> d.findings().toString());
        Finding f = d.findings().getFirst();
        assertEquals(Finding.Kind.ARCH_CONFLICT, f.kind());
        assertTrue(f.summary().startsWith("map_shadow_stack is decided differently on x86 and x86_64 and x32"));
        assertFalse(d.exact());
        // libseccomp 2.5.4 compiles the partial profile as it compiled Docker's: no x32 map_shadow_stack.
        RoundTrip.Outcome outcome = RoundTrip.check(original, d, new LibseccompCompiler(1));
        assertTrue(outcome.equivalent(), () -> "differs on " + outcome.difference());

        Decompilation without = decompileExactly(original, true, List.of(Arch.X86_64, Arch.X86));
        Agreement.assertDecidesAlike(original, without);
        assertTrue(without.notes().stream().anyMatch(n -> n.startsWith("x32 syscalls")), without.notes()::toString);
    }

    /** What a person reading the profile sees: Docker's argument rules, back from the filter. */
    @Test
    void dockersArgumentRulesComeBackAsDockerWroteThem() throws IOException {
        Decompilation d = decompileExactly(read(DOCKER + "docker-default.aarch64.o2.bpf"), true, List.of());
        assertTrue(d.recompiled().orElseThrow().equivalent(), "proved by syscage's compiler");
        String json = ProfileWriter.write(d.profile(), ProfileFormat.OCI);
        List<SyscallRule> socket = d.profile().syscalls().stream()
                .filter(r -> r.names().equals(List.of("socket"))).toList();
        // Docker: socket with a0 < 38, a0 == 39 or a0 > 40 (no AF_ALG, no AF_VSOCK). syscage's
        // compiler proved these readable rules compile right, so they stay as they read best.
        assertEquals(List.of(
                List.of(ArgCondition.of(0, Op.LE, 37)),
                List.of(ArgCondition.of(0, Op.EQ, 39)),
                List.of(ArgCondition.of(0, Op.GE, 41))),
                socket.stream().map(SyscallRule::args).toList(), json);
        assertEquals(Action.ERRNO, d.profile().defaultAction());
        assertEquals(1, d.profile().defaultErrnoRet());
    }
}
