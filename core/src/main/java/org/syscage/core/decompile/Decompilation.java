package org.syscage.core.decompile;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Profile;

/**
 * The outcome of decompiling a filter.
 *
 * @param profile  the profile; exact when {@link #exact()}, otherwise it leaves every syscall
 *                 a finding is about to the default action
 * @param badArch  what the filter decides for syscalls of arches the profile does not list,
 *                 when that is one decision (compile the profile with it as the bad-arch
 *                 action); empty when it varies
 * @param findings what the profile cannot reproduce
 * @param notes    facts worth knowing that do not make the profile inexact for its arches
 *                 (foreign arches, return values the kernel reads alike)
 * @param skippedCallApart arches on which the filter decides nr -1 otherwise than the default:
 *                 -1 is no syscall (the kernel sees it when a tracer skips one), libseccomp
 *                 gives it the default action, and this is the one input an exact profile is
 *                 allowed to miss (with a note)
 * @param recompiled the outcome of compiling the profile back and comparing it with the filter,
 *                 when a compiler was given
 * @param leftToDefault the syscall names some finding is about, which the profile leaves to the
 *                 default action; every other name of the listed arches decides as the filter
 *                 does (when the search gave up, the profile is empty and this says nothing)
 * @param unnamedLeftToDefault the arches whose numbers without a name some finding is about
 */
public record Decompilation(Profile profile, Optional<Decision> badArch, List<Finding> findings,
                            List<String> notes, List<Arch> skippedCallApart, Optional<RoundTrip.Outcome> recompiled,
                            Stats stats, Set<String> leftToDefault, Set<Arch> unnamedLeftToDefault) {
    public Decompilation {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        skippedCallApart = List.copyOf(skippedCallApart);
        leftToDefault = Collections.unmodifiableSet(new TreeSet<>(leftToDefault));
        unnamedLeftToDefault = Set.copyOf(unnamedLeftToDefault);
    }

    /** Whether the profile decides as the filter does for every input of its arches. */
    public boolean exact() {
        return findings.isEmpty();
    }

    public List<Arch> arches() {
        return profile.architectures();
    }

    /**
     * Counts for the curious.
     *
     * @param paths          paths of the filter explored
     * @param syscalls       (arch, syscall) pairs looked at
     * @param ruledSyscalls  syscall names that got at least one rule
     * @param rules          rules before grouping names (one per syscall and condition set)
     * @param witnessChecks  inputs on which the profile was checked against the filter
     * @param millis         time taken
     */
    public record Stats(long paths, int syscalls, int ruledSyscalls, int rules, long witnessChecks, long millis) {
    }
}
