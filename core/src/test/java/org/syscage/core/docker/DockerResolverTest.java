package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** Each of dockerd's resolution rules, on small profiles built here. */
class DockerResolverTest {

    static final ResolveOptions AMD64 = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 1));

    static Filter caps(String... caps) {
        return new Filter(List.of(caps), List.of(), null);
    }

    static Filter arches(String... arches) {
        return new Filter(List.of(), List.of(arches), null);
    }

    static Filter minKernel(String version) {
        return new Filter(List.of(), List.of(), version);
    }

    static SyscallRule allow(String name, Filter includes, Filter excludes) {
        return new SyscallRule(List.of(name), Action.ALLOW, null, List.of(), null, includes, excludes);
    }

    static SyscallRule includes(String name, Filter includes) {
        return allow(name, includes, Filter.EMPTY);
    }

    static SyscallRule excludes(String name, Filter excludes) {
        return allow(name, Filter.EMPTY, excludes);
    }

    static Profile docker(SyscallRule... rules) {
        return new Profile(Action.ERRNO, 1, List.of(), List.of(), List.of(), null, null, List.of(rules), null, null);
    }

    /** The first name of every rule dockerd kept, in order. */
    static List<String> kept(Profile docker, ResolveOptions options) {
        return DockerResolver.resolve(docker, options).syscalls().stream().map(r -> r.names().getFirst()).toList();
    }

    @Test
    void unconditionalRulesAreKeptAndCommonFieldsCopied() {
        SyscallRule masked = new SyscallRule(List.of("clone"), Action.ALLOW, null,
                List.of(ArgCondition.maskedEq(0, 2114060288L, 0)), "namespaces need CAP_SYS_ADMIN", Filter.EMPTY, Filter.EMPTY);
        SyscallRule errno = new SyscallRule(List.of("clone3"), Action.ERRNO, 38, List.of(), null, Filter.EMPTY, Filter.EMPTY);
        Profile in = new Profile(Action.ERRNO, 1, List.of(Arch.X86_64), List.of(),
                List.of("SECCOMP_FILTER_FLAG_LOG"), "/run/agent.sock", "meta", List.of(masked, errno), null, null);

        Profile out = DockerResolver.resolve(in, AMD64);

        assertEquals(Action.ERRNO, out.defaultAction());
        assertEquals(1, out.defaultErrnoRet());
        assertEquals(List.of(Arch.X86_64), out.architectures());
        assertEquals(List.of("SECCOMP_FILTER_FLAG_LOG"), out.flags());
        assertEquals("/run/agent.sock", out.listenerPath());
        assertEquals("meta", out.listenerMetadata());
        assertEquals(List.of(
                SyscallRule.of(List.of("clone"), Action.ALLOW, ArgCondition.maskedEq(0, 2114060288L, 0)),
                new SyscallRule(List.of("clone3"), Action.ERRNO, 38, List.of(), null, Filter.EMPTY, Filter.EMPTY)),
                out.syscalls());
        assertFalse(out.isDockerFormat());
    }

    @Test
    void keptRulesLoseCommentIncludesAndExcludes() {
        SyscallRule rule = new SyscallRule(List.of("ptrace"), Action.ALLOW, null, List.of(), "needs 4.8",
                minKernel("4.8"), caps("CAP_SYS_BOOT"));
        SyscallRule out = DockerResolver.resolve(docker(rule), AMD64).syscalls().getFirst();
        assertEquals(SyscallRule.of(List.of("ptrace"), Action.ALLOW), out);
    }

    @Nested
    class Caps {
        @Test
        void includesNeedsEveryListedCapability() {
            Profile p = docker(includes("get_mempolicy", caps("CAP_SYS_NICE", "CAP_SYS_ADMIN")));
            assertEquals(List.of(), kept(p, AMD64));
            assertEquals(List.of(), kept(p, AMD64.withCapAdd("SYS_NICE")));
            assertEquals(List.of(), kept(p, AMD64.withCapAdd("SYS_ADMIN")));
            assertEquals(List.of("get_mempolicy"), kept(p, AMD64.withCapAdd("SYS_NICE", "SYS_ADMIN")));
        }

        @Test
        void excludesDropsWhenAnyListedCapabilityIsPresent() {
            Profile p = docker(excludes("clone", caps("CAP_SYS_ADMIN", "CAP_SYS_BOOT")));
            assertEquals(List.of("clone"), kept(p, AMD64));
            assertEquals(List.of(), kept(p, AMD64.withCapAdd("SYS_ADMIN")));
            assertEquals(List.of(), kept(p, AMD64.withCapAdd("SYS_BOOT")));
        }

        @Test
        void defaultCapabilitiesCountWithoutAnyCapAdd() {
            Profile p = docker(includes("chroot", caps("CAP_SYS_CHROOT")));
            assertEquals(List.of("chroot"), kept(p, AMD64));
            assertEquals(List.of(), kept(p, AMD64.withCapDrop("SYS_CHROOT")));
        }

        @Test
        void profileCapabilityNamesAreComparedExactlyAsDockerDoes() {
            // dockerd normalises --cap-add values, not the names written in a profile.
            Profile p = docker(includes("get_mempolicy", caps("SYS_NICE")), includes("mbind", caps("cap_sys_nice")));
            assertEquals(List.of(), kept(p, AMD64.withCapAdd("SYS_NICE")));
        }

        @Test
        void theReasonNamesTheMissingCapability() {
            RuleDecision d = DockerResolver.decide(includes("get_mempolicy", caps("CAP_SYS_NICE")), AMD64);
            RuleDecision.Dropped dropped = assertInstanceOf(RuleDecision.Dropped.class, d);
            assertEquals("includes.caps", dropped.condition());
            assertTrue(dropped.reason().contains("CAP_SYS_NICE"), dropped.reason());
        }
    }

    @Nested
    class Arches {
        /** Which target arches keep a rule with includes.arches = [name]. */
        Set<Arch> archesKeeping(String name) {
            Profile p = docker(includes("x", arches(name)));
            return dockerArches().stream()
                    .filter(a -> !kept(p, AMD64.withArch(a)).isEmpty())
                    .collect(java.util.stream.Collectors.toSet());
        }

        @Test
        void amd64MatchesOnlyX86_64() {
            assertEquals(Set.of(Arch.X86_64), archesKeeping("amd64"));
        }

        @Test
        void x86MatchesOnlyA386Dockerd() {
            assertEquals(Set.of(Arch.X86), archesKeeping("x86"));
        }

        @Test
        void goarch386ItselfNeverMatchesBecauseDockerdComparesItsNativeName() {
            assertEquals(Set.of(), archesKeeping("386"));
        }

        @Test
        void x32NeverMatchesAsNoDockerdIsAnX32Binary() {
            assertEquals(Set.of(), archesKeeping("x32"));
        }

        @Test
        void otherGoNames() {
            assertEquals(Set.of(Arch.AARCH64), archesKeeping("arm64"));
            assertEquals(Set.of(Arch.ARM), archesKeeping("arm"));
            assertEquals(Set.of(Arch.S390X), archesKeeping("s390x"));
            assertEquals(Set.of(Arch.S390), archesKeeping("s390"));
            assertEquals(Set.of(Arch.RISCV64), archesKeeping("riscv64"));
            assertEquals(Set.of(Arch.PPC64LE), archesKeeping("ppc64le"));
            assertEquals(Set.of(Arch.MIPSEL64), archesKeeping("mipsel64"));
            assertEquals(Set.of(), archesKeeping("mips64le"));
            assertEquals(Set.of(Arch.LOONGARCH64), archesKeeping("loongarch64"));
            assertEquals(Set.of(), archesKeeping("loong64"));
        }

        @Test
        void excludesDropsOnAListedArch() {
            Profile p = docker(excludes("clone", arches("s390", "s390x")));
            assertEquals(List.of("clone"), kept(p, AMD64));
            assertEquals(List.of(), kept(p, AMD64.withArch(Arch.S390X)));
            assertEquals(List.of(), kept(p, AMD64.withArch(Arch.S390)));
        }

        @Test
        void emptyListsPutNoConditionOnTheArch() {
            Profile p = docker(allow("read", arches(), arches()));
            for (Arch a : dockerArches()) {
                assertEquals(List.of("read"), kept(p, AMD64.withArch(a)), a.kernelName());
            }
        }
    }

    @Nested
    class MinKernel {
        final Profile needs48 = docker(includes("ptrace", minKernel("4.8")));
        final Profile until48 = docker(excludes("old_way", minKernel("4.8")));

        @Test
        void includesKeepsFromThatVersionOn() {
            assertEquals(List.of("ptrace"), kept(needs48, AMD64.withKernel(KernelVersion.parseRelease("4.8"))));
            assertEquals(List.of("ptrace"), kept(needs48, AMD64.withKernel(KernelVersion.parseRelease("4.8.0-rc1"))));
            assertEquals(List.of("ptrace"), kept(needs48, AMD64.withKernel(KernelVersion.parseRelease("4.10.3"))));
            assertEquals(List.of(), kept(needs48, AMD64.withKernel(KernelVersion.parseRelease("4.7"))));
            assertEquals(List.of(), kept(needs48, AMD64.withKernel(KernelVersion.parseRelease("4.7.10-generic"))));
            assertEquals(List.of(), kept(needs48, AMD64.withKernel(KernelVersion.parseRelease("3.99"))));
        }

        @Test
        void excludesDropsFromThatVersionOn() {
            assertEquals(List.of(), kept(until48, AMD64.withKernel(KernelVersion.of(4, 8))));
            assertEquals(List.of(), kept(until48, AMD64.withKernel(KernelVersion.parseRelease("4.8.0-rc1"))));
            assertEquals(List.of("old_way"), kept(until48, AMD64.withKernel(KernelVersion.of(4, 7))));
        }

        @Test
        void malformedMinKernelIsRefusedEvenInARuleTheArchWouldDrop() {
            Profile p = docker(allow("x", new Filter(List.of(), List.of("s390x"), "4.8.1"), Filter.EMPTY));
            InputException e = assertThrows(InputException.class, () -> DockerResolver.resolve(p, AMD64));
            assertTrue(e.getMessage().startsWith("syscalls[0] [x]: invalid minKernel '4.8.1'"), e.getMessage());
        }

        @Test
        void emptyMinKernelMatchesEveryKernelAsInMoby() {
            assertEquals(List.of(), kept(docker(excludes("x", minKernel(""))), AMD64.withKernel(KernelVersion.of(2, 6))));
            assertEquals(List.of("x"), kept(docker(includes("x", minKernel(""))), AMD64.withKernel(KernelVersion.of(2, 6))));
        }
    }

    @Test
    void excludesAreCheckedBeforeIncludes() {
        Profile p = docker(allow("x", caps("CAP_SYS_ADMIN"), caps("CAP_SYS_ADMIN")));
        assertEquals(List.of(), kept(p, AMD64.withCapAdd("SYS_ADMIN")));
        RuleDecision.Dropped d = assertInstanceOf(RuleDecision.Dropped.class,
                DockerResolver.decide(p.syscalls().getFirst(), AMD64.withCapAdd("SYS_ADMIN")));
        assertEquals("excludes.caps", d.condition());
    }

    @Test
    void allConditionsOfIncludesMustHold() {
        Profile p = docker(includes("x", new Filter(List.of("CAP_SYS_NICE"), List.of("amd64"), "5.0")));
        ResolveOptions all = AMD64.withCapAdd("SYS_NICE").withKernel(KernelVersion.of(5, 0));
        assertEquals(List.of("x"), kept(p, all));
        assertEquals(List.of(), kept(p, all.withArch(Arch.AARCH64)));
        assertEquals(List.of(), kept(p, all.withKernel(KernelVersion.of(4, 19))));
        assertEquals(List.of(), kept(p, all.withCapDrop("SYS_NICE")));
    }

    @Nested
    class Architectures {
        /** An archMap shaped like Docker's default one. */
        final Profile mapped = new Profile(Action.ERRNO, 1, List.of(), List.of(
                new ArchMapEntry(Arch.X86_64, List.of(Arch.X86, Arch.X32)),
                new ArchMapEntry(Arch.AARCH64, List.of(Arch.ARM)),
                new ArchMapEntry(Arch.MIPSEL64, List.of(Arch.MIPSEL, Arch.MIPSEL64N32)),
                new ArchMapEntry(Arch.MIPSEL, List.of()),
                new ArchMapEntry(Arch.S390X, List.of(Arch.S390)),
                new ArchMapEntry(Arch.RISCV64, List.of()),
                new ArchMapEntry(Arch.LOONGARCH64, List.of())), List.of(), null, null, List.of(), null, null);

        List<Arch> resolvedFor(Arch arch) {
            Profile out = DockerResolver.resolve(mapped, AMD64.withArch(arch));
            assertEquals(List.of(), out.archMap());
            return out.architectures();
        }

        @Test
        void entryOfDockerdsOwnArchWithItsSubArchitectures() {
            assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), resolvedFor(Arch.X86_64));
            assertEquals(List.of(Arch.AARCH64, Arch.ARM), resolvedFor(Arch.AARCH64));
            assertEquals(List.of(Arch.S390X, Arch.S390), resolvedFor(Arch.S390X));
            assertEquals(List.of(Arch.RISCV64), resolvedFor(Arch.RISCV64));
            assertEquals(List.of(Arch.MIPSEL64, Arch.MIPSEL, Arch.MIPSEL64N32), resolvedFor(Arch.MIPSEL64));
        }

        @Test
        void noEntryForTheArchLeavesArchitecturesEmpty() {
            // A 386 dockerd looks for SCMP_ARCH_X86, which the map does not have; ppc64le likewise.
            assertEquals(List.of(), resolvedFor(Arch.X86));
            assertEquals(List.of(), resolvedFor(Arch.PPC64LE));
            assertEquals(List.of(), resolvedFor(Arch.ARM));
        }

        @Test
        void mobysTableMismatchLeavesLoongarchAndMipselWithoutTheirEntry() {
            assertEquals(List.of(), resolvedFor(Arch.LOONGARCH64));
            assertEquals(List.of(), resolvedFor(Arch.MIPSEL));
        }

        @Test
        void firstMatchingEntryWins() {
            Profile twice = mapped.withArchitectures(List.of(), List.of(
                    new ArchMapEntry(Arch.X86_64, List.of(Arch.X32)),
                    new ArchMapEntry(Arch.X86_64, List.of(Arch.X86))));
            assertEquals(List.of(Arch.X86_64, Arch.X32), DockerResolver.resolve(twice, AMD64).architectures());
        }

        @Test
        void plainArchitecturesAreKeptOnEveryArch() {
            Profile plain = mapped.withArchitectures(List.of(Arch.X86_64, Arch.AARCH64), List.of());
            for (Arch a : dockerArches()) {
                assertEquals(List.of(Arch.X86_64, Arch.AARCH64), DockerResolver.resolve(plain, AMD64.withArch(a)).architectures());
            }
        }

        @Test
        void bothArchitecturesAndArchMapAreRefused() {
            Profile both = mapped.withArchitectures(List.of(Arch.X86_64), mapped.archMap());
            InputException e = assertThrows(InputException.class, () -> DockerResolver.resolve(both, AMD64));
            assertTrue(e.getMessage().contains("both 'architectures' and 'archMap'"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X32", "M68K", "SH"})
    void targetWithoutDockerdIsAnInputError(Arch arch) {
        assertThrows(InputException.class, () -> DockerResolver.resolve(docker(), AMD64.withArch(arch)));
    }

    @Test
    void resolvingAPlainProfileChangesNothing() {
        Profile plain = Profile.of(Action.ALLOW, List.of(Arch.X86_64), List.of(
                SyscallRule.of(List.of("ptrace"), Action.ERRNO),
                SyscallRule.of(List.of("socket"), Action.ERRNO, ArgCondition.of(0, Op.EQ, 16))));
        assertEquals(plain, DockerResolver.resolve(plain, AMD64));
    }

    @Test
    void reasonsNameTheCondition() {
        Map<SyscallRule, String> conditions = Map.of(
                excludes("a", arches("amd64")), "excludes.arches",
                excludes("b", caps("CAP_CHOWN")), "excludes.caps",
                excludes("c", minKernel("4.0")), "excludes.minKernel",
                includes("d", arches("arm64")), "includes.arches",
                includes("e", caps("CAP_BPF")), "includes.caps",
                includes("f", minKernel("9.0")), "includes.minKernel");
        conditions.forEach((rule, condition) -> assertEquals(condition,
                assertInstanceOf(RuleDecision.Dropped.class, DockerResolver.decide(rule, AMD64)).condition()));
    }

    /** Every arch a dockerd can run on. */
    static List<Arch> dockerArches() {
        return java.util.Arrays.stream(Arch.values())
                .filter(a -> !Set.of(Arch.X32, Arch.M68K, Arch.PARISC, Arch.PARISC64, Arch.SH, Arch.SHEB).contains(a))
                .toList();
    }
}
