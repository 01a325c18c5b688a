package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.syscage.core.profile.ArgCondition;

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
     * conservatively (false when unsure): where one of this treatment's clauses may match, it
     * gives at least {@link #minClause()}; where a clause of {@code other} matches, this has the
     * identical clause or gives at least the smaller of its fallback and clauses.
     */
    public boolean covers(Treatment other) {
        Verdict lowest = fallback.atLeast(minClause()) ? minClause() : fallback;
        if (!lowest.atLeast(other.fallback)) {
            return false;
        }
        for (Clause c : other.clauses) {
            Verdict here = clauseVerdict(c.conditions()).isPresent() ? minClause() : lowest;
            if (!here.atLeast(c.verdict())) {
                return false;
            }
        }
        return true;
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
