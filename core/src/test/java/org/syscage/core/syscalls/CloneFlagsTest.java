package org.syscage.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

class CloneFlagsTest {
    @Test
    void cloneNamespacesAreTheMaskDockersDefaultProfileTestsCloneWith() {
        // moby-default.json: clone allowed with {"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}
        assertEquals(2114060288L, CloneFlags.NAMESPACES);
        assertEquals(0, CloneFlags.NAMESPACES & 0xff, "clone's low byte is the exit signal, not flags");
    }

    @Test
    void unshareAndClone3AlsoTakeTheTimeNamespace() {
        assertEquals(CloneFlags.NAMESPACES | 0x80L, CloneFlags.NAMESPACES_WITH_TIME);
    }

    @Test
    void onlyS390sCloneTakesItsFlagsSecond() {
        assertEquals(1, CloneFlags.flagsIndex("clone", Arch.S390X));
        assertEquals(1, CloneFlags.flagsIndex("clone", Arch.S390));
        assertEquals(0, CloneFlags.flagsIndex("unshare", Arch.S390X));
        assertEquals(0, CloneFlags.flagsIndex("clone", Arch.X86_64));
        assertTrue(CloneFlags.cloneArgumentsSwapped(Arch.S390X));
        assertFalse(CloneFlags.cloneArgumentsSwapped(Arch.AARCH64));
    }
}
