package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Profile;

class CrdNamesTest {
    private static final Profile PLAIN = Profile.of(Action.ERRNO, List.of(), List.of());

    @Test
    void aCrdIsNamedByNameElseItsOwnNameElseTheInputFile() {
        assertEquals("web", CrdNames.forFormat(PLAIN, ProfileFormat.CRD, "web", "app.json", null).metadata().name());
        assertEquals("app", CrdNames.forFormat(PLAIN, ProfileFormat.CRD, null, "dir/app.json", null).metadata().name());
        Profile named = PLAIN.withMetadata(KubeMetadata.named("kept"));
        assertEquals("kept", CrdNames.forFormat(named, ProfileFormat.CRD, null, "app.json", null).metadata().name());
        assertEquals("docker-default",
                CrdNames.forFormat(PLAIN, ProfileFormat.CRD, null, "builtin", "docker-default").metadata().name());
    }

    @Test
    void otherFormatsAreLeftAsTheyAreAndRefuseName() {
        assertSame(PLAIN, CrdNames.forFormat(PLAIN, ProfileFormat.OCI, null, "app.json", null));
        InputException e = assertThrows(InputException.class,
                () -> CrdNames.forFormat(PLAIN, ProfileFormat.OCI, "web", "app.json", null));
        assertEquals("--name applies to -t crd and crd-v1beta1 only, expected no --name for -t oci", e.getMessage());
        assertThrows(InputException.class, () -> CrdNames.checkNameApplies("web", ProfileFormat.DOCKER));
        CrdNames.checkNameApplies("web", ProfileFormat.CRD_V1BETA1);
        CrdNames.checkNameApplies(null, ProfileFormat.OCI);
    }

    @Test
    void stdinHasNoNameToBorrow() {
        InputException e = assertThrows(InputException.class,
                () -> CrdNames.forFormat(PLAIN, ProfileFormat.CRD, null, "-", null));
        assertEquals("a SeccompProfile needs metadata.name and stdin has no file name, expected --name NAME",
                e.getMessage());
    }
}
