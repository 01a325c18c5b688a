package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.InputException;

class CapabilitiesTest {

    /** moby oci/caps/defaults.go; also what `capsh --print` shows inside a default container (seed 004). */
    static final List<String> DOCKER_DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
            "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    @Test
    void dockerDefaultIsMobysFourteenInOrder() {
        assertEquals(DOCKER_DEFAULT, List.copyOf(Capabilities.dockerDefault()));
    }

    @Test
    void allHasEveryLinuxCapabilityByNumber() {
        List<String> all = List.copyOf(Capabilities.all());
        assertEquals(41, all.size());
        assertEquals("CAP_CHOWN", all.get(0));
        assertEquals("CAP_SYS_ADMIN", all.get(21));
        assertEquals("CAP_SETFCAP", all.get(31));
        assertEquals("CAP_CHECKPOINT_RESTORE", all.get(40));
        assertTrue(all.containsAll(DOCKER_DEFAULT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYS_NICE", "sys_nice", "CAP_SYS_NICE", "cap_sys_nice", "Sys_Nice", " sys_nice "})
    void namesAreNormalisedLikeDocker(String name) {
        assertEquals("CAP_SYS_NICE", Capabilities.normalize(name));
    }

    @Test
    void allIsKeptInAnyCase() {
        assertEquals("ALL", Capabilities.normalize("all"));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        InputException e = assertThrows(InputException.class, () -> Capabilities.normalize("SYS_NICEE"));
        assertTrue(e.getMessage().startsWith("unknown capability 'SYS_NICEE'"), e.getMessage());
        assertTrue(e.getMessage().contains("CAP_SYS_NICE"), e.getMessage());
        assertTrue(e.getMessage().contains("ALL"), e.getMessage());
    }

    @Test
    void dropThenAddOnTheDefaults() {
        Set<String> caps = Capabilities.tweak(DOCKER_DEFAULT, List.of("sys_nice"), List.of("NET_RAW"));
        assertTrue(caps.contains("CAP_SYS_NICE"));
        assertTrue(!caps.contains("CAP_NET_RAW"));
        assertEquals(14, caps.size());
    }

    @Test
    void aCapabilityBothAddedAndDroppedIsPresentBecauseDockerAddsLast() {
        assertTrue(Capabilities.tweak(DOCKER_DEFAULT, List.of("CHOWN"), List.of("CHOWN")).contains("CAP_CHOWN"));
        assertTrue(Capabilities.tweak(DOCKER_DEFAULT, List.of("SYS_NICE"), List.of("SYS_NICE")).contains("CAP_SYS_NICE"));
    }

    @Test
    void addAllGivesEverythingButTheDropped() {
        Set<String> caps = Capabilities.tweak(DOCKER_DEFAULT, List.of("ALL"), List.of("SYS_ADMIN"));
        assertEquals(40, caps.size());
        assertTrue(!caps.contains("CAP_SYS_ADMIN"));
    }

    @Test
    void dropAllKeepsOnlyTheAdded() {
        assertEquals(Set.of("CAP_SYS_NICE"), Capabilities.tweak(DOCKER_DEFAULT, List.of("sys_nice"), List.of("all")));
        assertEquals(Set.of(), Capabilities.tweak(DOCKER_DEFAULT, List.of(), List.of("ALL")));
    }

    @Test
    void noChangesKeepTheBasics() {
        assertEquals(Set.copyOf(DOCKER_DEFAULT), Capabilities.tweak(DOCKER_DEFAULT, List.of(), List.of()));
    }

    @Test
    void unknownNameInEitherListIsRefused() {
        assertThrows(InputException.class, () -> Capabilities.tweak(DOCKER_DEFAULT, List.of("NOPE"), List.of()));
        assertThrows(InputException.class, () -> Capabilities.tweak(DOCKER_DEFAULT, List.of(), List.of("NOPE")));
    }
}
