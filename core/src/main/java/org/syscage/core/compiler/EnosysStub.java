package org.syscage.core.compiler;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The runc-style stub in front of an arch's rules: syscall numbers the profile cannot know get
 * ERRNO(ENOSYS), so that a C library falls back to an older syscall instead of failing with the
 * default action's EPERM. It applies before the rules, as runc prepends it to libseccomp's filter.
 *
 * @param maxKnown     the largest syscall number the profile names on this arch; every number
 *                     above it (unsigned) gets ENOSYS
 * @param newer        numbers at or below {@code maxKnown} of syscalls added to Linux after the
 *                     newest one the profile names (added out of order), which get ENOSYS too
 * @param setupEnosys  s390/s390x: number 0 (setup), which the kernel uses for unknown syscall
 *                     numbers, gets ENOSYS (as runc does)
 */
public record EnosysStub(int maxKnown, SortedSet<Integer> newer, boolean setupEnosys) {
    public EnosysStub {
        newer = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(newer));
    }

    public static EnosysStub above(int maxKnown) {
        return new EnosysStub(maxKnown, new TreeSet<>(), false);
    }

    /** Whether the stub answers ENOSYS for this number (already known to be in the arch's domain). */
    public boolean covers(int nr) {
        return Integer.compareUnsigned(nr, maxKnown) > 0 || newer.contains(nr) || (setupEnosys && nr == 0);
    }

    Set<Integer> newerNumbers() {
        return newer;
    }
}
