package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.syscage.linux.ptrace.SyscallArguments;

class SeenKeysTest {
    /** Differential: the distinct keys, in first-seen order, as a LinkedHashSet keeps them; the cap at 64. */
    @Property(tries = 300)
    void keepsEachDistinctKeyOnceUpToTheCap(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 90) Integer> families,
                                            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 3) Integer> types) {
        SeenKeys seen = new SeenKeys(DecidingArgument.SOCKET);
        LinkedHashSet<List<Long>> expected = new LinkedHashSet<>();
        boolean overflow = false;
        for (int i = 0; i < Math.min(families.size(), types.size()); i++) {
            long family = families.get(i);
            long type = types.get(i);
            // SOCK_CLOEXEC on every other call: not part of the key.
            seen.add(SyscallArguments.of(family, type | (i % 2 == 0 ? 0x80000 : 0), 0));
            List<Long> key = List.of(family, type);
            if (!expected.contains(key)) {
                if (expected.size() == SeenKeys.CAP) {
                    overflow = true;
                } else if (!overflow) {
                    expected.add(key);
                }
            }
        }
        assertEquals(overflow, seen.overflow());
        assertEquals(List.copyOf(expected), seen.keys());
    }
}
