package org.syscage.core.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** Reading well-formed profiles of every format, checked against models built by hand. */
class ProfileReaderTest {
    static final long MAX_U64 = -1L;           // 18446744073709551615
    static final long TWO_TO_63 = Long.MIN_VALUE; // 9223372036854775808

    static Path good(String name) throws URISyntaxException {
        return Path.of(ProfileReaderTest.class.getResource("good/" + name).toURI());
    }

    static SyscallRule rule(List<String> names, Action action, Integer errnoRet, ArgCondition... args) {
        return new SyscallRule(names, action, errnoRet, List.of(args), null, Filter.EMPTY, Filter.EMPTY);
    }

    /** What good/oci-every-field.json says, field by field. */
    static Profile ociEveryField() {
        return new Profile(Action.ERRNO, 38, List.of(Arch.X86_64, Arch.X86, Arch.X32), List.of(),
                List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"),
                "/run/seccomp-agent.sock", "pod=web;container=app",
                List.of(
                        rule(List.of("read", "write", "exit_group"), Action.ALLOW, null),
                        new SyscallRule(List.of("personality"), Action.ALLOW, null,
                                List.of(ArgCondition.of(0, Op.EQ, 0)), "only the default persona", Filter.EMPTY, Filter.EMPTY),
                        rule(List.of("clone"), Action.ALLOW, null, ArgCondition.maskedEq(0, 2114060288L, 0)),
                        rule(List.of("ioctl"), Action.ERRNO, 25,
                                ArgCondition.of(1, Op.NE, MAX_U64),
                                ArgCondition.maskedEq(2, TWO_TO_63, -2L)),
                        rule(List.of("socket"), Action.LOG, null,
                                ArgCondition.of(0, Op.LT, 1), ArgCondition.of(1, Op.LE, 2),
                                ArgCondition.of(2, Op.GE, 3), ArgCondition.of(3, Op.GT, 4),
                                ArgCondition.of(5, Op.EQ, Long.MAX_VALUE)),
                        rule(List.of("ptrace"), Action.TRACE, 65535),
                        rule(List.of("mount"), Action.NOTIFY, null),
                        rule(List.of("kexec_load"), Action.KILL_PROCESS, null),
                        rule(List.of("reboot"), Action.KILL_THREAD, null),
                        rule(List.of("swapon"), Action.KILL, null),
                        rule(List.of("acct"), Action.TRAP, null),
                        rule(List.of("getpid"), Action.ERRNO, null)),
                null, null);
    }

    /** What good/spo-every-field.yaml says. */
    static Profile spoEveryField() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "web");
        labels.put("tier", "1");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("description", "Recorded from the web tier, then trimmed by hand");
        annotations.put("true-story", "yes");
        return new Profile(Action.ERRNO, null, List.of(Arch.X86_64, Arch.AARCH64), List.of(),
                List.of("SECCOMP_FILTER_FLAG_TSYNC"),
                "/var/run/security-profiles-operator/agent.sock", "tier=web",
                List.of(
                        rule(List.of("accept4", "epoll_wait", "exit_group", "read", "write"), Action.ALLOW, null),
                        rule(List.of("openat"), Action.ERRNO, 13, ArgCondition.maskedEq(2, 64, 64)),
                        rule(List.of("ioctl"), Action.ALLOW, null, ArgCondition.of(1, Op.NE, MAX_U64))),
                null,
                new KubeMetadata("web-server", "shop", labels, annotations, KubeMetadata.State.DISABLED));
    }

    @Test
    void readsAnOciProfileWithEveryField() throws Exception {
        assertEquals(ociEveryField(), ProfileReader.read(good("oci-every-field.json")));
    }

    @Test
    void readsTheSeccompPartOfAWholeOciConfig() throws Exception {
        Profile p = ProfileReader.read(good("oci-config.json"));
        assertEquals(Profile.of(Action.ERRNO, List.of(Arch.AARCH64),
                List.of(SyscallRule.of(List.of("read"), Action.ALLOW))), p);
    }

    @Test
    void readsDockerExtensionsFromJsonAndYamlAlike() throws Exception {
        Profile expected = new Profile(Action.ERRNO, 1, List.of(),
                List.of(new ArchMapEntry(Arch.AARCH64, List.of(Arch.ARM)), new ArchMapEntry(Arch.RISCV64, List.of())),
                List.of(), null, null,
                List.of(new SyscallRule(List.of("chroot"), Action.ALLOW, null, List.of(), "needs CAP_SYS_CHROOT",
                                new Filter(List.of("CAP_SYS_CHROOT"), List.of(), null), Filter.EMPTY),
                        new SyscallRule(List.of("sync_file_range2"), Action.ALLOW, null, List.of(), null,
                                new Filter(List.of(), List.of("ppc64le", "arm64"), null),
                                new Filter(List.of("CAP_SYS_ADMIN"), List.of(), "4.8"))),
                null, null);
        assertEquals(expected, ProfileReader.read(good("docker-extensions.json")));
        assertEquals(expected, ProfileReader.read(good("docker-extensions.yaml")));
        assertTrue(expected.isDockerFormat());
    }

    @Test
    void readsACrdWithEveryField() throws Exception {
        assertEquals(spoEveryField(), ProfileReader.read(good("spo-every-field.yaml")));
    }

    @Test
    void readsACrdWrittenLikeSposDocumentation() throws Exception {
        Profile p = ProfileReader.read(good("spo-docs-v1beta1.yaml"));
        assertEquals(new Profile(Action.ERRNO, null, List.of(), List.of(), List.of(), null, null,
                List.of(SyscallRule.of(List.of("exit_group", "nanosleep"), Action.ALLOW)),
                "runc-v1.0.0", new KubeMetadata("profile1", "my-namespace", Map.of(), Map.of())), p);
    }

    @Test
    void readsKubectlOutputKeepingWhatTheUserWroteAndDroppingClusterState() throws Exception {
        Profile p = ProfileReader.read(good("kubectl-get-v1beta1.yaml"));
        assertEquals(Action.LOG, p.defaultAction());
        KubeMetadata m = p.metadata();
        assertEquals("log-all", m.name());
        assertEquals("default", m.namespace());
        assertEquals(Map.of("spo.x-k8s.io/profile-id", "SeccompProfile-log-all"), m.labels());
        assertEquals(List.of("kubectl.kubernetes.io/last-applied-configuration"), List.copyOf(m.annotations().keySet()));
        assertEquals(KubeMetadata.State.ENABLED, m.state(), "the older 'disabled: false' is state Enabled");
    }

    @Test
    void ignoresAByteOrderMarkAndCrlfLineEnds() throws Exception {
        Profile p = ProfileReader.read(good("bom-crlf.json"));
        assertEquals(Profile.of(Action.ALLOW, List.of(),
                List.of(SyscallRule.of(List.of("reboot"), Action.KILL_PROCESS))), p);
    }

    @Test
    void jsonIsToldFromYamlByContentNotByName() {
        Profile fromJson = ProfileReader.parse("profile.yaml", "  {\"defaultAction\": \"SCMP_ACT_LOG\"}");
        Profile fromYaml = ProfileReader.parse("profile.json", "defaultAction: SCMP_ACT_LOG\n");
        assertEquals(fromJson, fromYaml);
        assertEquals(Action.LOG, fromJson.defaultAction());
    }

    @Test
    void acceptsEverySpellingOfAnArchitecture() {
        Profile p = ProfileReader.parse("p", "defaultAction: SCMP_ACT_ALLOW\narchitectures: [x86_64, amd64, SCMP_ARCH_X86_64, i386]\n");
        assertEquals(List.of(Arch.X86_64, Arch.X86_64, Arch.X86_64, Arch.X86), p.architectures());
    }

    @Test
    void treatsNullAndEmptyStringsAsAbsentLikeGo() {
        Profile p = ProfileReader.parse("p", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"\","
                + " \"architectures\": null, \"syscalls\": null}");
        assertEquals(Profile.of(Action.ALLOW, List.of(), List.of()), p);
        assertNull(p.listenerPath());
    }

    @Test
    void readsYamlIntegersInOtherNotations() {
        Profile p = ProfileReader.parse("p", """
                defaultAction: SCMP_ACT_ALLOW
                syscalls:
                - names: [clone]
                  action: SCMP_ACT_KILL
                  args: [{index: 0, value: 0x7E020000, op: SCMP_CMP_MASKED_EQ}]
                """);
        assertEquals(2114060288L, p.syscalls().getFirst().args().getFirst().value());
    }

    @Test
    void readsStdinWhenTheSourceIsADash() {
        var stdin = new ByteArrayInputStream("defaultAction: SCMP_ACT_KILL\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Action.KILL, ProfileReader.read("-", stdin).defaultAction());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "oci-every-field.json, OCI",
            "oci-config.json, OCI",
            "bom-crlf.json, OCI",
            "spo-every-field.oci.json, OCI",
            "docker-extensions.json, DOCKER",
            "docker-extensions.yaml, DOCKER",
            "spo-every-field.yaml, CRD",
            "spo-docs-v1beta1.yaml, CRD_V1BETA1",
            "kubectl-get-v1beta1.yaml, CRD_V1BETA1"})
    void tellsTheFormatAProfileWasWrittenIn(String file, ProfileFormat format) throws Exception {
        ReadProfile read = ProfileReader.readWithFormat(good(file));
        assertEquals(format, read.format());
        assertEquals(ProfileReader.read(good(file)), read.profile());
    }

    @Test
    void dockersDefaultProfileIsDockerFormat() {
        ReadProfile read = ProfileReader.parseWithFormat("builtin", BuiltinProfiles.dockerDefaultJson());
        assertEquals(ProfileFormat.DOCKER, read.format());
    }

    /** Without metadata a v1beta1 object has nothing in the model that says CRD: only the reader knows. */
    @Test
    void aCrdWithoutMetadataKeepsItsApiVersion() {
        ReadProfile read = ProfileReader.parseWithFormat("p.yaml", """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                spec:
                  defaultAction: SCMP_ACT_ALLOW
                """);
        assertEquals(ProfileFormat.CRD_V1BETA1, read.format());
        assertNull(read.profile().metadata());
    }

    /** Docker's old single 'name' and a comment are read by OCI writers too: nothing needs Docker to resolve it. */
    @Test
    void aProfileUsingOnlyFieldsAnOciWriterKeepsIsOci() {
        ReadProfile read = ProfileReader.parseWithFormat("p.json", """
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "syscalls": [{"name": "read", "action": "SCMP_ACT_ALLOW", "comment": "old style"}]}
                """);
        assertEquals(ProfileFormat.OCI, read.format());
    }

    @Test
    void bytesParseToWhatTheFileReadsTo() throws Exception {
        for (String file : List.of("oci-every-field.json", "docker-extensions.yaml", "spo-every-field.yaml",
                "bom-crlf.json", "kubectl-get-v1beta1.yaml")) {
            byte[] bytes = Files.readAllBytes(good(file));
            assertEquals(ProfileReader.readWithFormat(good(file)), ProfileReader.parseWithFormat("copy", bytes), file);
        }
    }

    @Test
    void readBytesReturnsAFileOrStdinAsItIs() throws Exception {
        byte[] file = Files.readAllBytes(good("bom-crlf.json"));
        assertArrayEquals(file, ProfileReader.readBytes(good("bom-crlf.json").toString(), InputStream.nullInputStream()));
        assertArrayEquals(file, ProfileReader.readBytes("-", new ByteArrayInputStream(file)));
        InputException e = assertThrows(InputException.class,
                () -> ProfileReader.readBytes("no/such/profile.json", InputStream.nullInputStream()));
        assertEquals("no/such/profile.json: no such file", e.getMessage());
    }

    @Test
    void aMissingFileIsBadInputNamingTheFile() {
        InputException e = assertThrows(InputException.class, () -> ProfileReader.read(Path.of("no/such/profile.json")));
        assertEquals("no/such/profile.json: no such file", e.getMessage());
    }
}
