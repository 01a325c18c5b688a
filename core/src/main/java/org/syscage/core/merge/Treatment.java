package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.stream.Collectors;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Verdict;

/**
 * How a profile treats one syscall: the clauses tried for it and the verdict when none matches
 * ({@code fallback}: the profile's default, or the verdict of an unconditional rule, in which
 * case there are no clauses). Clauses are sorted by their conditions, at most one per set of
 * conditions, so equal treatments are equal records.
 */
public record Treatment(List<Clause> clauses, Verdict fallback) {
    public Treatment {
        Objects.requireNonNull(fallback, "fallback");
        Map<List<ArgCondition>, Clause> byConditions = new LinkedHashMap<>();
        for (Clause c : clauses) {
            byConditions.putIfAbsent(c.conditions(), c);
        }
        List<Clause> sorted = new ArrayList<>(byConditions.values());
        sorted.sort(Clause.BY_CONDITIONS);
        clauses = List.copyOf(sorted);
    }

    /** The same verdict whatever the arguments. */
    public static Treatment always(Verdict verdict) {
        return new Treatment(List.of(), verdict);
    }

    public boolean isConditional() {
        return !clauses.isEmpty();
    }

    /** The verdict of the clause with exactly these conditions, if there is one. */
    public Optional<Verdict> clauseVerdict(List<ArgCondition> conditions) {
        return clauses.stream().filter(c -> c.conditions().equals(conditions)).map(Clause::verdict).findFirst();
    }

    /**
     * What this gives a call matching {@code conditions}, as far as identical conditions tell:
     * the verdict of the clause with these very conditions, else the fallback.
     */
    public Verdict at(List<ArgCondition> conditions) {
        return clauseVerdict(conditions).orElse(fallback);
    }

    /** The most restrictive verdict any clause gives (the fallback when there are none). */
    public Verdict minClause() {
        return clauses.stream().map(Clause::verdict).reduce((a, b) -> a.atLeast(b) ? b : a).orElse(fallback);
    }

    /**
     * Whether this lets every call through at least as far as {@code other} does, judged
     * conservatively (false when unsure). Where neither has a matching clause, the fallbacks
     * decide. A clause of this one without an identical clause in {@code other} may match
     * where none of other's does, so it must give at least other's fallback. Where a clause of
     * {@code other} matches, this gives one of its own clauses (when it has the identical one)
     * or possibly its fallback, and either must be at least that clause's verdict.
     */
    public boolean covers(Treatment other) {
        if (!fallback.atLeast(other.fallback)) {
            return false;
        }
        for (Clause mine : clauses) {
            if (other.clauseVerdict(mine.conditions()).isEmpty() && !mine.verdict().atLeast(other.fallback)) {
                return false;
            }
        }
        Verdict lowestClause = minClause();
        Verdict lowest = fallback.atLeast(lowestClause) ? lowestClause : fallback;
        for (Clause c : other.clauses) {
            Verdict here = clauseVerdict(c.conditions()).isPresent() ? lowestClause : lowest;
            if (!here.atLeast(c.verdict())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The verdicts a call with these argument values may get: those of the matching clauses (when
     * several match with different verdicts, libseccomp's tree decides which, so any may), else
     * the fallback. Values are compared as 64-bit numbers, as on 64-bit arches.
     */
    public Set<Verdict> possible(long... args) {
        Set<Verdict> matching = new LinkedHashSet<>();
        for (Clause c : clauses) {
            if (c.matches(args)) {
                matching.add(c.verdict());
            }
        }
        return matching.isEmpty() ? Set.of(fallback) : Set.copyOf(matching);
    }

    /** {@code ALLOW}, or {@code ALLOW when arg0 == 1 or arg0 == 2; otherwise ERRNO(1)}. */
    public String label() {
        if (!isConditional()) {
            return fallback.label();
        }
        Map<Verdict, List<String>> byVerdict = new LinkedHashMap<>();
        for (Clause c : clauses) {
            byVerdict.computeIfAbsent(c.verdict(), v -> new ArrayList<>()).add(c.conditionText());
        }
        String when = byVerdict.entrySet().stream()
                .map(e -> e.getKey().label() + " when " + String.join(" or ", e.getValue()))
                .collect(Collectors.joining("; "));
        return when + "; otherwise " + fallback.label();
    }

    @Override
    public String toString() {
        return label();
    }
}
