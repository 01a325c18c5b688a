package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.InputException;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileFormatException;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** The profile {@code record --merge-into} adds to: read once, in the format the reader tells. */
class MergeTargetTest {
    private static final String SPEC = """
            spec:
              defaultAction: SCMP_ACT_ERRNO
              syscalls:
              - names: [read]
                action: SCMP_ACT_ALLOW
            """;

    @TempDir
    Path dir;

    @Test
    void aV1beta1CrdStaysV1beta1WithItsMetadata() throws IOException {
        MergeTarget t = MergeTarget.read(write("app.yaml", """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata:
                  name: app
                  labels:
                    team: web
                """ + SPEC));
        assertEquals(ProfileFormat.CRD_V1BETA1, t.format());
        assertEquals("app", t.profile().metadata().name());
        assertEquals(Map.of("team", "web"), t.profile().metadata().labels());
    }

    /** Nothing in the model says CRD when there is no metadata: the format comes from the reader. */
    @Test
    void aCrdWithoutMetadataIsStillACrdOfItsVersion() throws IOException {
        MergeTarget beta = MergeTarget.read(write("beta.yaml", """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                """ + SPEC));
        assertEquals(ProfileFormat.CRD_V1BETA1, beta.format());
        assertNull(beta.profile().metadata());

        MergeTarget v1 = MergeTarget.read(write("v1.yaml", """
                apiVersion: security-profiles-operator.x-k8s.io/v1
                kind: SeccompProfile
                """ + SPEC));
        assertEquals(ProfileFormat.CRD, v1.format());
    }

    @Test
    void anOciProfileIsOciAsItWasRead() throws IOException {
        MergeTarget t = MergeTarget.read(write("app.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}
                """));
        assertEquals(ProfileFormat.OCI, t.format());
        assertEquals(Profile.of(Action.ERRNO, List.of(), List.of(SyscallRule.of(List.of("read"), Action.ALLOW))),
                t.profile());
    }

    /** A union needs plain profiles: a Docker profile is resolved for this host, and the result is OCI. */
    @Test
    void aDockerProfileIsResolvedAndBecomesOci() throws IOException {
        MergeTarget t = MergeTarget.read(write("docker.json", """
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
                              {"names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_BOOT"]}}]}
                """));
        assertEquals(ProfileFormat.OCI, t.format());
        assertFalse(t.profile().isDockerFormat());
        assertEquals(List.of(List.of("read")), t.profile().syscalls().stream().map(SyscallRule::names).toList(),
                "the rule for a capability the host's default container lacks is gone");
    }

    @Test
    void aBadByteIsReportedAtItsLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.write(file, new byte[] {'{', '\n', ' ', '"', (byte) 0xC3, '"'});
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> MergeTarget.read(file.toString()));
        assertTrue(e.getMessage().startsWith(file + ":2:3: invalid UTF-8 byte 0xC3"), e.getMessage());
    }

    @Test
    void aMissingFileOrStdinIsRefused() {
        InputException missing = assertThrows(InputException.class,
                () -> MergeTarget.read(dir.resolve("none.json").toString()));
        assertEquals(dir.resolve("none.json") + ": no such file, expected an existing profile to merge into",
                missing.getMessage());
        assertThrows(InputException.class, () -> MergeTarget.read("-"));
    }

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }
}
