package org.syscage.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.format.ProfileReaderTest.good;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** Writing each format, compared with files laid out by hand (or by Python's json module, as Go lays JSON out). */
class ProfileWriterTest {

    @Test
    void writesOciJsonAsTheRuntimeSpecOrdersIt() throws Exception {
        String expected = Files.readString(good("oci-every-field.json"));
        assertEquals(expected, ProfileWriter.write(ProfileReaderTest.ociEveryField(), ProfileFormat.OCI));
    }

    @Test
    void writesDockerJsonWithItsExtensions() throws Exception {
        Profile p = ProfileReader.read(good("docker-extensions.yaml"));
        assertEquals(Files.readString(good("docker-extensions.json")), ProfileWriter.write(p, ProfileFormat.DOCKER));
    }

    @Test
    void writesCrdYamlInBothVersions() throws Exception {
        String v1 = Files.readString(good("spo-every-field.yaml"));
        Profile p = ProfileReaderTest.spoEveryField();
        assertEquals(v1, ProfileWriter.write(p, ProfileFormat.CRD));
        assertEquals(v1.replace("x-k8s.io/v1\n", "x-k8s.io/v1beta1\n"), ProfileWriter.write(p, ProfileFormat.CRD_V1BETA1));
    }

    @Test
    void crdToOciKeepsTheSpecAndDropsKubernetesBookkeeping() throws Exception {
        Profile crd = ProfileReader.read(good("spo-every-field.yaml"));
        assertEquals(Files.readString(good("spo-every-field.oci.json")), ProfileWriter.write(crd, ProfileFormat.OCI));
    }

    @Test
    void ociRefusesDockerExtensionsButDockerKeepsThem() throws Exception {
        Profile docker = ProfileReader.read(good("docker-extensions.json"));
        InputException e = assertThrows(InputException.class, () -> ProfileWriter.write(docker, ProfileFormat.OCI));
        assertEquals("cannot write OCI JSON: the profile uses Docker's archMap or includes/excludes, "
                + "expected a resolved profile (run 'syscage resolve' first)", e.getMessage());
        assertEquals(docker, ProfileReader.parse("again", ProfileWriter.write(docker, ProfileFormat.DOCKER)));
    }

    @Test
    void onlyACrdCanSayItExtendsABaseProfile() throws Exception {
        Profile withBase = ProfileReader.read(good("spo-docs-v1beta1.yaml"));
        for (ProfileFormat f : List.of(ProfileFormat.OCI, ProfileFormat.DOCKER)) {
            InputException e = assertThrows(InputException.class, () -> ProfileWriter.write(withBase, f));
            assertTrue(e.getMessage().contains("base profile 'runc-v1.0.0'"), e.getMessage());
        }
        assertEquals(withBase, ProfileReader.parse("again", ProfileWriter.write(withBase, ProfileFormat.CRD_V1BETA1)));
    }

    @Test
    void crdHasNoDefaultErrnoRetSoOnlyEpermMayBeDropped() {
        Profile eperm = new Profile(Action.ERRNO, 1, List.of(), List.of(), List.of(), null, null, List.of(), null,
                KubeMetadata.named("p"));
        String yaml = ProfileWriter.write(eperm, ProfileFormat.CRD);
        assertFalse(yaml.contains("defaultErrnoRet"), yaml);
        assertNull(ProfileReader.parse("p.yaml", yaml).defaultErrnoRet());

        Profile enosys = new Profile(Action.ERRNO, 38, List.of(), List.of(), List.of(), null, null, List.of(), null,
                KubeMetadata.named("p"));
        InputException e = assertThrows(InputException.class, () -> ProfileWriter.write(enosys, ProfileFormat.CRD));
        assertTrue(e.getMessage().contains("defaultErrnoRet 38"), e.getMessage());
    }

    @Test
    void leftOutNamesWhatAFormatHasNoPlaceFor() {
        Profile commented = ProfileReader.parse("c.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "syscalls": [
                  {"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": "stdin"}]}
                """).withMetadata(KubeMetadata.named("c"));
        assertEquals(List.of("the comment of 1 rule (SPO's SeccompProfile has no comment field)"),
                ProfileWriter.leftOut(commented, ProfileFormat.CRD), "defaultErrnoRet 1 is not a loss: EPERM either way");
        assertEquals(List.of(), ProfileWriter.leftOut(commented, ProfileFormat.DOCKER));
        assertEquals(List.of(), ProfileWriter.leftOut(commented, ProfileFormat.OCI), "a name alone is no loss");
        Profile annotated = commented.withMetadata(new KubeMetadata("c", "ns", Map.of(), Map.of("a", "1", "b", "2"),
                KubeMetadata.State.ENABLED));
        assertEquals(List.of("the SeccompProfile's 2 annotations, state Enabled (docker has no Kubernetes metadata)"),
                ProfileWriter.leftOut(annotated, ProfileFormat.DOCKER));
    }

    @Test
    void crdNeedsAName() {
        Profile unnamed = Profile.of(Action.LOG, List.of(), List.of());
        InputException e = assertThrows(InputException.class, () -> ProfileWriter.write(unnamed, ProfileFormat.CRD));
        assertTrue(e.getMessage().contains("metadata.name"), e.getMessage());
    }

    @Test
    void crdLeavesOutCommentsWhichItsSchemaLacks() {
        Profile p = Profile.of(Action.ERRNO, List.of(Arch.X86_64), List.of(new SyscallRule(List.of("read"),
                Action.ALLOW, null, List.of(), "reading is fine", Filter.EMPTY, Filter.EMPTY))).withMetadata(KubeMetadata.named("c"));
        String yaml = ProfileWriter.write(p, ProfileFormat.CRD);
        assertEquals("""
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                metadata:
                  name: c
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  architectures:
                  - SCMP_ARCH_X86_64
                  syscalls:
                  - names:
                    - read
                    action: SCMP_ACT_ALLOW
                """, yaml);
        assertTrue(ProfileWriter.write(p, ProfileFormat.OCI).contains("\"comment\": \"reading is fine\""));
    }

    @Test
    void quotesYamlStringsThatWouldReadBackAsSomethingElse() {
        List<String> tricky = List.of("yes", "No", "on", "null", "~", "0x10", "010", "1_0", "1e3", ".inf", "=", "<<",
                "- a", "a: b", "#c", "*x", "&x", "!x", "@x", "%x", "[x]", "{x}", "'q'", "\"dq\"", " lead", "trail ",
                "two\nlines", "tab\tin", "é€", "---", "...", "a #b", "true");
        Profile p = Profile.of(Action.ERRNO, List.of(), List.of(SyscallRule.of(tricky, Action.ALLOW)))
                .withMetadata(new KubeMetadata("q", null, Map.of("1", "true"), Map.of("k: v", "0o17"), null));
        String yaml = ProfileWriter.write(p, ProfileFormat.CRD);
        assertEquals(p, ProfileReader.parse("tricky.yaml", yaml), yaml);
    }
}
