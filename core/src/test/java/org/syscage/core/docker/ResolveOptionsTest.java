package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;

class ResolveOptionsTest {

    private final ResolveOptions amd64 = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 1));

    @Test
    void hostIsThisMachineWithDockersDefaults() {
        ResolveOptions host = ResolveOptions.host();
        assertEquals(Arch.host(), host.arch());
        assertEquals(KernelVersion.running(), host.kernel());
        assertEquals(Set.copyOf(CapabilitiesTest.DOCKER_DEFAULT), host.capabilities());
    }

    @Test
    void capAddAcceptsDockersSpellings() {
        assertTrue(amd64.withCapAdd("sys_nice").capabilities().contains("CAP_SYS_NICE"));
        assertTrue(amd64.withCapAdd("CAP_SYS_ADMIN", "bpf").capabilities().containsAll(Set.of("CAP_SYS_ADMIN", "CAP_BPF")));
    }

    @Test
    void capDropRemoves() {
        assertFalse(amd64.withCapDrop("CHOWN").capabilities().contains("CAP_CHOWN"));
        assertEquals(Set.of(), amd64.withCapDrop("all").capabilities());
    }

    @Test
    void capAddAllGivesEveryCapability() {
        assertEquals(Capabilities.all(), amd64.withCapAdd("ALL").capabilities());
    }

    @Test
    void combinedChangesFollowDockersOrder() {
        assertTrue(amd64.withCapChanges(List.of("NET_ADMIN"), List.of("NET_ADMIN")).capabilities().contains("CAP_NET_ADMIN"));
        assertFalse(amd64.withCapChanges(List.of("ALL"), List.of("NET_ADMIN")).capabilities().contains("CAP_NET_ADMIN"));
    }

    @Test
    void unknownCapabilityIsAnInputError() {
        assertThrows(InputException.class, () -> amd64.withCapAdd("SYS_NICENESS"));
    }

    @Test
    void capabilitiesCannotBeChangedFromOutside() {
        assertThrows(UnsupportedOperationException.class, () -> amd64.capabilities().add("CAP_SYS_ADMIN"));
    }
}
