package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * Docker's real default profile, resolved as dockerd resolves it. The expectations are read from
 * the rules of moby's default.json and from Docker's documentation of them, not from this code.
 */
class DockerDefaultResolutionTest {

    static final Profile DEFAULT = BuiltinProfiles.dockerDefault();
    static final ResolveOptions AMD64 = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 1));

    /** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: the flags clone may not carry. */
    static final long NAMESPACE_FLAGS = 0x7E020000L;

    static Profile resolve(ResolveOptions o) {
        return DockerResolver.resolve(DEFAULT, o);
    }

    /** Names some ALLOW rule of the profile lets through (maybe only for some arguments). */
    static Set<String> allowed(Profile p) {
        return p.syscalls().stream().filter(r -> r.action() == Action.ALLOW)
                .flatMap(r -> r.names().stream()).collect(Collectors.toSet());
    }

    /** Names an ALLOW rule lets through whatever the arguments. */
    static Set<String> allowedAlways(Profile p) {
        return p.syscalls().stream().filter(r -> r.action() == Action.ALLOW && r.args().isEmpty())
                .flatMap(r -> r.names().stream()).collect(Collectors.toSet());
    }

    static List<SyscallRule> rulesFor(Profile p, String name) {
        return p.syscalls().stream().filter(r -> r.names().contains(name)).toList();
    }

    /** The names of the default's rules that have no includes/excludes: dockerd keeps them everywhere. */
    static Set<String> unconditionallyAllowed() {
        return DEFAULT.syscalls().stream().filter(r -> !r.hasDockerExtensions() && r.action() == Action.ALLOW)
                .flatMap(r -> r.names().stream()).collect(Collectors.toSet());
    }

    @Test
    void builtinIsADockerProfileWithArchMap() {
        assertTrue(DEFAULT.isDockerFormat());
        assertEquals(Action.ERRNO, DEFAULT.defaultAction());
        assertEquals(1, DEFAULT.defaultErrnoRet());
        assertTrue(BuiltinProfiles.dockerDefaultJson().contains("\"archMap\""));
    }

    @Test
    void amd64CoversX86AndX32Too() {
        assertEquals(List.of(Arch.X86_64, Arch.X86, Arch.X32), resolve(AMD64).architectures());
    }

    @Test
    void otherArchesTakeTheirArchMapEntry() {
        assertEquals(List.of(Arch.AARCH64, Arch.ARM), resolve(AMD64.withArch(Arch.AARCH64)).architectures());
        assertEquals(List.of(Arch.S390X, Arch.S390), resolve(AMD64.withArch(Arch.S390X)).architectures());
        assertEquals(List.of(Arch.RISCV64), resolve(AMD64.withArch(Arch.RISCV64)).architectures());
        assertEquals(List.of(Arch.MIPS64, Arch.MIPS, Arch.MIPS64N32), resolve(AMD64.withArch(Arch.MIPS64)).architectures());
        // The default has no SCMP_ARCH_X86 or SCMP_ARCH_PPC64LE entry: runc then filters the native arch only.
        assertEquals(List.of(), resolve(AMD64.withArch(Arch.X86)).architectures());
        assertEquals(List.of(), resolve(AMD64.withArch(Arch.PPC64LE)).architectures());
    }

    /**
     * amd64, default capabilities, kernel 6.1: the unconditional rules, plus ptrace and
     * process_vm_* (kernel ≥ 4.8), arch_prctl and modify_ldt (amd64), clone without namespace
     * flags and clone3 → ENOSYS (no CAP_SYS_ADMIN) and chroot (CAP_SYS_CHROOT is a default).
     */
    @Test
    void amd64WithDefaultCapabilitiesAllowsExactlyWhatDockerdsRulesAllow() {
        Profile out = resolve(AMD64);
        Set<String> expected = new java.util.HashSet<>(unconditionallyAllowed());
        expected.addAll(Set.of("process_vm_readv", "process_vm_writev", "ptrace", "arch_prctl", "modify_ldt", "clone", "chroot"));
        assertEquals(expected, allowed(out));
        List<SyscallRule> notAllow = out.syscalls().stream().filter(r -> r.action() != Action.ALLOW).toList();
        assertEquals(List.of(new SyscallRule(List.of("clone3"), Action.ERRNO, 38, List.of(), null, null, null)), notAllow);
        assertFalse(out.isDockerFormat());
    }

    @ParameterizedTest
    @ValueSource(strings = {"get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"})
    void numaSyscallsNeedSysNice(String name) {
        assertFalse(allowed(resolve(AMD64)).contains(name), name + " is denied in a default container");
        assertTrue(allowedAlways(resolve(AMD64.withCapAdd("CAP_SYS_NICE"))).contains(name));
        assertTrue(allowedAlways(resolve(AMD64.withCapAdd("sys_nice"))).contains(name));
    }

    @Test
    void theDecisionForGetMempolicyNamesSysNice() {
        SyscallRule numa = DEFAULT.syscalls().stream().filter(r -> r.names().contains("get_mempolicy")).findFirst().orElseThrow();
        RuleDecision.Dropped d = assertInstanceOf(RuleDecision.Dropped.class, DockerResolver.decide(numa, AMD64));
        assertTrue(d.reason().contains("CAP_SYS_NICE"), d.reason());
    }

    @Test
    void ptraceNeedsKernel48() {
        for (String name : List.of("ptrace", "process_vm_readv", "process_vm_writev")) {
            assertFalse(allowed(resolve(AMD64.withKernel(KernelVersion.parseRelease("4.7.10")))).contains(name), name);
            assertTrue(allowed(resolve(AMD64.withKernel(KernelVersion.parseRelease("4.8")))).contains(name), name);
            assertTrue(allowed(resolve(AMD64.withKernel(KernelVersion.parseRelease("4.8.0-rc1")))).contains(name), name);
            assertTrue(allowed(resolve(AMD64.withKernel(KernelVersion.parseRelease("4.7")).withCapAdd("SYS_PTRACE"))).contains(name),
                    "CAP_SYS_PTRACE allows " + name + " on any kernel");
        }
    }

    @Test
    void withoutSysAdminCloneKeepsItsNamespaceMaskAndClone3GetsEnosys() {
        Profile out = resolve(AMD64);
        assertEquals(2114060288L, NAMESPACE_FLAGS);
        assertEquals(List.of(SyscallRule.of(List.of("clone"), Action.ALLOW, ArgCondition.maskedEq(0, NAMESPACE_FLAGS, 0))),
                rulesFor(out, "clone"));
        SyscallRule clone3 = rulesFor(out, "clone3").getFirst();
        assertEquals(Action.ERRNO, clone3.action());
        assertEquals(38, clone3.errnoRet());
        assertEquals(1, rulesFor(out, "clone3").size());
    }

    @Test
    void withSysAdminCloneAndClone3ArePlainlyAllowed() {
        Profile out = resolve(AMD64.withCapAdd("SYS_ADMIN"));
        assertTrue(rulesFor(out, "clone").stream().allMatch(r -> r.action() == Action.ALLOW && r.args().isEmpty()));
        assertTrue(rulesFor(out, "clone3").stream().allMatch(r -> r.action() == Action.ALLOW && r.args().isEmpty()));
        assertTrue(allowedAlways(out).containsAll(Set.of("clone", "clone3", "mount", "unshare", "setns")));
    }

    @Test
    void s390xMasksTheFlagsInArgumentOne() {
        List<SyscallRule> clone = rulesFor(resolve(AMD64.withArch(Arch.S390X)), "clone");
        assertEquals(List.of(SyscallRule.of(List.of("clone"), Action.ALLOW, ArgCondition.maskedEq(1, NAMESPACE_FLAGS, 0))), clone);
        assertEquals(Op.MASKED_EQ, clone.getFirst().args().getFirst().op());
    }

    @Test
    void archPrctlOnlyOnAmd64() {
        for (Arch arch : DockerResolverTest.dockerArches()) {
            assertEquals(arch == Arch.X86_64, allowed(resolve(AMD64.withArch(arch))).contains("arch_prctl"), arch.kernelName());
        }
    }

    @Test
    void modifyLdtOnAmd64AndOnA386Dockerd() {
        for (Arch arch : DockerResolverTest.dockerArches()) {
            assertEquals(arch == Arch.X86_64 || arch == Arch.X86,
                    allowed(resolve(AMD64.withArch(arch))).contains("modify_ldt"), arch.kernelName());
        }
    }

    @Test
    void archSpecificSyscallsFollowTheirArches() {
        assertTrue(allowed(resolve(AMD64.withArch(Arch.AARCH64))).containsAll(Set.of("arm_fadvise64_64", "cacheflush", "set_tls")));
        assertTrue(allowed(resolve(AMD64.withArch(Arch.ARM))).contains("breakpoint"));
        assertFalse(allowed(resolve(AMD64)).contains("cacheflush"));
        assertTrue(allowed(resolve(AMD64.withArch(Arch.RISCV64))).contains("riscv_flush_icache"));
        assertTrue(allowed(resolve(AMD64.withArch(Arch.S390X))).contains("s390_pci_mmio_read"));
        assertTrue(allowed(resolve(AMD64.withArch(Arch.PPC64LE))).contains("swapcontext"));
        assertFalse(allowed(resolve(AMD64.withArch(Arch.PPC64))).contains("swapcontext"));
    }

    @Test
    void capabilityGatedSyscalls() {
        assertFalse(allowed(resolve(AMD64)).contains("bpf"));
        assertTrue(allowed(resolve(AMD64.withCapAdd("BPF"))).contains("bpf"));
        assertFalse(allowed(resolve(AMD64)).contains("reboot"));
        assertTrue(allowed(resolve(AMD64.withCapAdd("SYS_BOOT"))).contains("reboot"));
        assertFalse(allowed(resolve(AMD64.withCapDrop("SYS_CHROOT"))).contains("chroot"));
        assertFalse(allowed(resolve(AMD64)).contains("open_by_handle_at"));
        assertTrue(allowed(resolve(AMD64.withCapAdd("DAC_READ_SEARCH"))).contains("open_by_handle_at"));
    }
}
