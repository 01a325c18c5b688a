package org.syscage.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.lint.LintFixtures.AMD64;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.ProfileReader;

/**
 * Lint on real profiles, with the findings expected from reading them: Docker's default, a
 * CRI-O/Podman-style default written from containers/common's rules, and the profiles of the
 * seed documents.
 */
class KnownProfilesLintTest {

    static List<Finding> lintBuiltin(ResolveOptions container) {
        LocatedProfile p = ProfileReader.parseLocated("builtin", BuiltinProfiles.dockerDefaultJson());
        return Linter.lint(p.profile(), new LintContext(p.locations(), container));
    }

    static List<Finding> lintResource(String name, ResolveOptions container) throws IOException {
        try (InputStream in = KnownProfilesLintTest.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            LocatedProfile p = ProfileReader.parseLocated(name, text);
            return Linter.lint(p.profile(), new LintContext(p.locations(), container));
        }
    }

    /** rule id → the syscalls its findings name, for compact expectations. */
    static Map<String, Set<String>> byRule(List<Finding> findings) {
        Map<String, Set<String>> m = new TreeMap<>();
        findings.forEach(f -> m.computeIfAbsent(f.id(), k -> new TreeSet<>()).addAll(f.syscalls()));
        return m;
    }

    static Set<String> dangerousAtLeast(List<Finding> findings, Severity s) {
        Set<String> out = new TreeSet<>();
        findings.stream().filter(f -> f.id().equals("SC001") || f.id().equals("SC002"))
                .filter(f -> f.severity().atLeast(s)).forEach(f -> out.addAll(f.syscalls()));
        return out;
    }

    @Test
    void dockersDefaultWithDefaultCapabilities() {
        List<Finding> f = lintBuiltin(AMD64);
        // Nothing an error, nothing dangerous: ptrace is allowed from Linux 4.8 on (its rule's minKernel),
        // which is information only; clone is limited to no CLONE_NEW* flags, clone3 answers ENOSYS.
        assertFalse(Linter.reaches(f, Severity.ERROR));
        assertEquals(Set.of(), dangerousAtLeast(f, Severity.WARNING));
        assertEquals(Set.of("ptrace"), dangerousAtLeast(f, Severity.INFO));
        // i386 programs can reach socket() through socketcall, which the profile allows outright,
        // so the AF_ALG/AF_VSOCK exclusions of the socket rules do not hold there
        Finding door = f.stream().filter(x -> x.id().equals("SC012")).findFirst().orElseThrow();
        assertEquals(List.of("socket"), door.syscalls());
        assertTrue(door.message().contains("on x86"), door.message());
        // arch_prctl's and modify_ldt's includes.arches list "x32", which dockerd never is
        assertEquals(2, f.stream().filter(x -> x.id().equals("SC019")).count());
        // riscv_hwprobe is in the common list but exists on riscv64 only
        assertEquals(Set.of("riscv_hwprobe"), byRule(f).get("SC015"));
        assertEquals(Set.of("SC001", "SC012", "SC015", "SC019"), byRule(f).keySet());
    }

    @Test
    void dockersDefaultWithCapSysAdminAllowsMountBpfAndNamespaces() {
        List<Finding> f = lintBuiltin(AMD64.withCapAdd("SYS_ADMIN"));
        Set<String> dangerous = dangerousAtLeast(f, Severity.WARNING);
        assertTrue(dangerous.containsAll(List.of("mount", "umount2", "bpf", "setns", "perf_event_open", "fsopen",
                "clone", "clone3", "unshare")), dangerous::toString);
        assertFalse(dangerous.contains("kexec_load"));
        assertFalse(dangerous.contains("init_module"), "needs CAP_SYS_MODULE, not CAP_SYS_ADMIN");
        Finding mount = f.stream().filter(x -> x.syscalls().equals(List.of("mount"))).findFirst().orElseThrow();
        assertTrue(mount.message().contains("because the container has CAP_SYS_ADMIN"), mount.message());
    }

    @Test
    void dockersDefaultWithCapSysModuleAllowsModuleLoadingAnError() {
        List<Finding> f = lintBuiltin(AMD64.withCapAdd("SYS_MODULE"));
        assertEquals(Set.of("delete_module", "finit_module", "init_module"), dangerousAtLeast(f, Severity.ERROR));
    }

    @Test
    void dockersDefaultOnAnOldKernelDoesNotAllowPtrace() {
        List<Finding> f = lintBuiltin(AMD64.withKernel(KernelVersion.of(4, 4)));
        assertEquals(Set.of(), dangerousAtLeast(f, Severity.INFO));
    }

    @Test
    void dockersDefaultOnArm64HasNoMultiplexerDoor() {
        List<Finding> f = lintBuiltin(AMD64.withArch(org.syscage.core.arch.Arch.AARCH64));
        assertFalse(byRule(f).containsKey("SC012"), "arm (EABI) has no socketcall");
        assertFalse(Linter.reaches(f, Severity.ERROR));
    }

    @Test
    void crioStyleDefault() throws IOException {
        List<Finding> f = lintResource("crio-style-default.json", AMD64);
        Map<String, Set<String>> rules = byRule(f);
        // Allowed outright, relying on capabilities rather than seccomp, as containers/common does
        assertTrue(rules.get("SC001").containsAll(List.of("mount", "umount2", "pivot_root", "keyctl", "setns")),
                rules::toString);
        assertEquals(Set.of("clone", "clone3", "unshare"), rules.get("SC002"));
        // setns is in the main allow list and denied again without CAP_SYS_ADMIN: the deny never applies
        Finding setns = f.stream().filter(x -> x.id().equals("SC009")).findFirst().orElseThrow();
        assertEquals(List.of("setns"), setns.syscalls());
        assertTrue(setns.message().contains("the result is ALLOW whatever its arguments"), setns.message());
        // userfaultfd and kexec_load are refused with EPERM
        assertFalse(dangerousAtLeast(f, Severity.INFO).contains("userfaultfd"));
        assertFalse(dangerousAtLeast(f, Severity.INFO).contains("kexec_load"));
        assertFalse(Linter.reaches(f, Severity.ERROR));
    }

    @Test
    void crioStyleDefaultWithCapSysAdminHasNoSetnsConflict() throws IOException {
        // with CAP_SYS_ADMIN the deny rule is excluded: setns is only allowed
        List<Finding> f = lintResource("crio-style-default.json", AMD64.withCapAdd("SYS_ADMIN"));
        assertFalse(byRule(f).containsKey("SC009"));
        assertTrue(byRule(f).get("SC001").contains("bpf"));
    }

    @Test
    void seed000SpocRecordedProfileAllowsTheRuntimesBaseSyscalls() throws IOException {
        List<Finding> f = lintResource("seed000-spoc-recorded.yaml", AMD64);
        assertEquals(Set.of("keyctl", "mount", "pivot_root", "setns", "umount2"), byRule(f).get("SC001"));
        assertEquals(Set.of("clone", "unshare"), byRule(f).get("SC002"));
        assertFalse(Linter.reaches(f, Severity.ERROR));
    }

    @Test
    void seed001AuditProfileIsAuditMode() throws IOException {
        List<Finding> f = lintResource("seed001-audit.json", AMD64);
        assertEquals(List.of("SC018"), f.stream().map(Finding::id).toList());
        assertTrue(f.getFirst().message().contains("only logs"));
    }

    @Test
    void seed001ViolationProfileCannotStartAContainer() throws IOException {
        List<Finding> f = lintResource("seed001-violation.json", AMD64);
        assertEquals(List.of("SC017"), f.stream().map(Finding::id).toList());
        assertEquals(Severity.ERROR, f.getFirst().severity());
        assertEquals(2, f.getFirst().location().orElseThrow().line());
    }

    @Test
    void seed001FineGrainedProfileOnlyLetsCloneCreateNamespaces() throws IOException {
        List<Finding> f = lintResource("seed001-fine-grained.json", AMD64);
        assertEquals(Map.of("SC002", Set.of("clone")), byRule(f));
    }

    @Test
    void seed004DenyListMissesTheDangerousSyscalls() throws IOException {
        List<Finding> f = lintResource("seed004-custom.json", AMD64);
        Finding denyList = f.stream().filter(x -> x.id().equals("SC018")).findFirst().orElseThrow();
        assertTrue(denyList.syscalls().containsAll(List.of("bpf", "mount", "kexec_load", "unshare", "keyctl")));
        assertFalse(denyList.syscalls().contains("ptrace"), "the profile denies ptrace");
        assertFalse(Linter.reaches(f, Severity.ERROR));
    }
}
