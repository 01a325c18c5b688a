package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Profile;

/** Properties of Docker's default profile over containers of every kind. */
class DockerDefaultPropertyTest {

    @Property(tries = 300)
    void resolutionLeavesNoDockerExtensions(@ForAll("containers") ResolveOptions o) {
        Profile out = DockerResolver.resolve(DockerDefaultResolutionTest.DEFAULT, o);
        assertFalse(out.isDockerFormat());
        assertTrue(out.archMap().isEmpty());
        assertTrue(out.syscalls().stream().allMatch(r -> r.includes().isEmpty() && r.excludes().isEmpty() && r.comment() == null));
    }

    /** Adding a capability never takes a syscall away, neither entirely nor for some arguments. */
    @Property(tries = 300)
    void capAddIsMonotonic(@ForAll("containers") ResolveOptions o, @ForAll("capabilities") String cap) {
        Profile before = DockerResolver.resolve(DockerDefaultResolutionTest.DEFAULT, o);
        Profile after = DockerResolver.resolve(DockerDefaultResolutionTest.DEFAULT, o.withCapAdd(cap));
        assertTrue(DockerDefaultResolutionTest.allowed(after).containsAll(DockerDefaultResolutionTest.allowed(before)), cap);
        assertTrue(DockerDefaultResolutionTest.allowedAlways(after).containsAll(DockerDefaultResolutionTest.allowedAlways(before)), cap);
    }

    @Provide
    Arbitrary<String> capabilities() {
        return Arbitraries.of(Capabilities.all());
    }

    @Provide
    Arbitrary<ResolveOptions> containers() {
        Arbitrary<Arch> arch = Arbitraries.of(DockerResolverTest.dockerArches());
        Arbitrary<KernelVersion> kernel = Combinators.combine(Arbitraries.longs().between(3, 7),
                Arbitraries.longs().between(0, 20)).as(KernelVersion::of);
        Arbitrary<Set<String>> caps = Arbitraries.of(Capabilities.all()).set().ofMaxSize(12);
        return Combinators.combine(arch, kernel, caps).as(ResolveOptions::new);
    }
}
