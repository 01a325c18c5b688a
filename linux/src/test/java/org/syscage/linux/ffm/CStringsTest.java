package org.syscage.linux.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CStringsTest {
    /** Reads a char *[] back the way a C program walks it: up to the NULL pointer. */
    private static List<String> walk(MemorySegment array) {
        List<String> out = new ArrayList<>();
        MemorySegment all = array.reinterpret(Long.MAX_VALUE);
        for (long i = 0; ; i++) {
            MemorySegment p = all.getAtIndex(ADDRESS, i);
            if (p.equals(MemorySegment.NULL)) {
                return out;
            }
            out.add(p.reinterpret(Long.MAX_VALUE).getString(0));
        }
    }

    @Test
    void anArrayEndsWithNullAndKeepsItsStringsInOrder() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(List.of("ls", "-l", "/tmp/ä b"), walk(CStrings.array(arena, List.of("ls", "-l", "/tmp/ä b"))));
            assertEquals(List.of(), walk(CStrings.array(arena, List.of())));
        }
    }

    @Test
    void anEnvironmentIsNameEqualsValue() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("EMPTY", "");
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(List.of("PATH=/usr/bin:/bin", "EMPTY="), walk(CStrings.environment(arena, env)));
        }
    }
}
