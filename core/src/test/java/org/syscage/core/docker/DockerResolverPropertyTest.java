package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** Properties of resolution over generated Docker profiles and containers. */
class DockerResolverPropertyTest {

    private static final List<String> CAPS = List.of("CAP_SYS_ADMIN", "CAP_SYS_NICE", "CAP_CHOWN", "CAP_BPF");
    private static final List<String> ARCH_NAMES = List.of("amd64", "x86", "x32", "arm64", "arm", "s390x", "riscv64");
    private static final List<String> MIN_KERNELS = List.of("3.10", "4.8", "5.0", "5.10", "6.2");

    @Property
    void outputHasNoDockerExtensions(@ForAll("dockerProfiles") Profile docker, @ForAll("containers") ResolveOptions o) {
        Profile out = DockerResolver.resolve(docker, o);
        assertFalse(out.isDockerFormat());
        assertTrue(out.archMap().isEmpty());
        assertTrue(out.syscalls().stream().allMatch(r -> r.comment() == null));
    }

    @Property
    void keptRulesAreTheInputRulesInOrderWithTheirDecision(@ForAll("dockerProfiles") Profile docker,
                                                           @ForAll("containers") ResolveOptions o) {
        List<SyscallRule> expected = docker.syscalls().stream()
                .filter(r -> DockerResolver.decide(r, o).kept())
                .map(r -> new SyscallRule(r.names(), r.action(), r.errnoRet(), r.args(), null, Filter.EMPTY, Filter.EMPTY))
                .toList();
        assertEquals(expected, DockerResolver.resolve(docker, o).syscalls());
    }

    @Property
    void resolvingTwiceChangesNothingMore(@ForAll("dockerProfiles") Profile docker, @ForAll("containers") ResolveOptions o) {
        Profile once = DockerResolver.resolve(docker, o);
        assertEquals(once, DockerResolver.resolve(once, o));
    }

    @Property
    void rulesWithoutConditionsAreAlwaysKept(@ForAll("dockerProfiles") Profile docker, @ForAll("containers") ResolveOptions o) {
        long unconditional = docker.syscalls().stream().filter(r -> !r.hasDockerExtensions()).count();
        assertTrue(DockerResolver.resolve(docker, o).syscalls().size() >= unconditional);
    }

    @Provide
    Arbitrary<ResolveOptions> containers() {
        Arbitrary<Arch> arch = Arbitraries.of(DockerResolverTest.dockerArches());
        Arbitrary<KernelVersion> kernel = Combinators.combine(Arbitraries.longs().between(2, 7),
                Arbitraries.longs().between(0, 20)).as(KernelVersion::of);
        Arbitrary<Set<String>> caps = Arbitraries.of(CAPS).set();
        return Combinators.combine(arch, kernel, caps).as(ResolveOptions::new);
    }

    @Provide
    Arbitrary<Profile> dockerProfiles() {
        Arbitrary<List<ArchMapEntry>> archMap = Arbitraries.of(Arch.X86_64, Arch.AARCH64, Arch.S390X, Arch.RISCV64)
                .flatMap(a -> Arbitraries.of(Arch.X86, Arch.X32, Arch.ARM, Arch.S390).list().ofMaxSize(2)
                        .map(subs -> new ArchMapEntry(a, subs)))
                .list().ofMaxSize(3);
        return Combinators.combine(archMap, rule().list().ofMaxSize(8))
                .as((map, rules) -> new Profile(Action.ERRNO, 1, List.of(), map, List.of(), null, null, rules, null, null));
    }

    private Arbitrary<SyscallRule> rule() {
        Arbitrary<List<String>> names = Arbitraries.of("read", "clone", "ptrace", "mbind", "arch_prctl").list().ofMinSize(1).ofMaxSize(2);
        Arbitrary<String> comment = Arbitraries.of("why", null);
        return Combinators.combine(names, Arbitraries.of(Action.ALLOW, Action.LOG), comment, filter(), filter())
                .as((n, action, c, in, ex) -> new SyscallRule(n, action, null, List.of(), c, in, ex));
    }

    private Arbitrary<Filter> filter() {
        Arbitrary<String> minKernel = Arbitraries.of(MIN_KERNELS).injectNull(0.6);
        return Combinators.combine(Arbitraries.of(CAPS).list().ofMaxSize(2), Arbitraries.of(ARCH_NAMES).list().ofMaxSize(2), minKernel)
                .as(Filter::new);
    }
}
