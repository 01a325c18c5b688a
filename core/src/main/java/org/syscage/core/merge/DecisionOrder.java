package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Equivalence.Domain;
import org.syscage.core.bpf.Equivalence.Relation;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.bpf.SymbolicPaths;
import org.syscage.core.profile.Verdict;

/**
 * Does one filter let every input through at least as far as another? {@link
 * org.syscage.core.bpf.Equivalence} answers "the same everywhere"; a union needs "at least as
 * permissive everywhere", in {@link Verdict}'s order (ERRNO(1) and ERRNO(38) rank alike).
 *
 * <p>How: the paths of the first program partition the domain into cells, each the product of
 * its word sets; each cell is explored again in the second program, so every pair of paths met
 * is a non-empty region where both programs are constant. The search is exact for the fragment
 * {@link SymbolicPaths} decides, which covers every filter syscage's compiler generates; a path
 * outside it is an error, not a guess.
 */
final class DecisionOrder {
    private DecisionOrder() {}

    /** Instructions each symbolic search may interpret. */
    private static final long STEP_BUDGET = 50_000_000L;

    /** An input of {@code domain} on which {@code wide} decides more restrictively than {@code narrow}, if any. */
    static Optional<SeccompData> whereBelow(BpfProgram wide, BpfProgram narrow, Domain domain) {
        for (SymbolicPaths.Path path : SymbolicPaths.explore(wide, domain, STEP_BUDGET)) {
            int wideRank = rank(returned(path));
            for (Domain cell : cells(domain, path.words())) {
                for (SymbolicPaths.Path other : SymbolicPaths.explore(narrow, cell, STEP_BUDGET)) {
                    if (rank(returned(other)) > wideRank) {
                        return Optional.of(other.witness(domain.littleEndian()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static int returned(SymbolicPaths.Path path) {
        if (path instanceof SymbolicPaths.Returned r) {
            return r.value();
        }
        throw new IllegalStateException("a filter path outside what can be compared exactly: " + path);
    }

    private static int rank(int filterReturn) {
        return Verdict.ofFilterReturn(filterReturn).rank();
    }

    /**
     * The path's inputs as domains (conjunctions of word conditions): one per choice of range
     * in each word whose values are a union of ranges.
     */
    static List<Domain> cells(Domain base, List<SymbolicPaths.WordValues> words) {
        List<Domain> cells = List.of(base);
        for (int w = 0; w < words.size(); w++) {
            SymbolicPaths.WordValues values = words.get(w);
            if (values.isEverything()) {
                continue;
            }
            int offset = w * 4; // words of seccomp_data are 4 bytes, in memory order
            List<Domain> next = new ArrayList<>();
            for (Domain cell : cells) {
                Domain withTests = cell;
                for (SymbolicPaths.MaskedTest t : values.maskedTests()) {
                    withTests = withTests.and(offset, t.mask(), t.relation(), t.value());
                }
                for (SymbolicPaths.Range r : values.ranges()) {
                    next.add(withTests.and(offset, -1, Relation.GE, (int) r.low())
                            .and(offset, -1, Relation.LE, (int) r.high()));
                }
            }
            cells = next;
        }
        return cells;
    }
}
