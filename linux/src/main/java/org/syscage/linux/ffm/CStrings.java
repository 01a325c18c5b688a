package org.syscage.linux.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

/** The string arrays execve(2) and posix_spawn(3) take, built in native memory. */
public final class CStrings {
    private CStrings() {
    }

    /** A NULL-terminated {@code char *[]} of NUL-terminated UTF-8 strings, as argv and envp are. */
    public static MemorySegment array(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    /** An environment as envp holds it: {@code NAME=value} strings. */
    public static MemorySegment environment(Arena arena, Map<String, String> env) {
        return array(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
