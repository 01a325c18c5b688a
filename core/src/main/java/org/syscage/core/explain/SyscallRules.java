package org.syscage.core.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.explain.Placement.Fate;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Verdict;

/**
 * The rules for one syscall (as the kernel sees it) on one arch, combined as libseccomp combines
 * them when runc adds them in profile order:
 * <ul>
 *   <li>a rule whose verdict equals the default action is never added (runc drops it);</li>
 *   <li>once the syscall has an unconditional rule, later rules for it are ignored — the first
 *       unconditional rule wins;</li>
 *   <li>an unconditional rule replaces every argument rule added before it;</li>
 *   <li>argument rules are merged into one decision tree.</li>
 * </ul>
 * The merged tree is the plain union of the argument rules only in simple shapes (see
 * {@link #exactForAllArguments()}); elsewhere {@link #decide} gives the first matching rule's
 * verdict and marks the answer as not exact. The compiler (org.syscage.core.compiler)
 * reproduces libseccomp's tree algorithm in full and is the reference for those answers.
 */
public final class SyscallRules {
    private final String syscall;
    private final Arch arch;
    private final Verdict defaultVerdict;
    private final List<Placement> placements;
    private final PlacedRule unconditional;
    private final List<PlacedRule> active;

    SyscallRules(String syscall, Arch arch, Verdict defaultVerdict, List<PlacedRule> inOrder) {
        this.syscall = syscall;
        this.arch = arch;
        this.defaultVerdict = defaultVerdict;
        List<Placement> placed = new ArrayList<>();
        List<Integer> activeAt = new ArrayList<>();
        PlacedRule first = null;
        for (PlacedRule r : inOrder) {
            if (r.verdict().equals(defaultVerdict)) {
                placed.add(new Placement(r, Fate.DROPPED_AS_DEFAULT, null));
            } else if (first != null) {
                placed.add(new Placement(r, Fate.SHADOWED, first));
            } else if (r.unconditional()) {
                for (int i : activeAt) {
                    placed.set(i, new Placement(placed.get(i).rule(), Fate.REPLACED, r));
                }
                activeAt.clear();
                first = r;
                activeAt.add(placed.size());
                placed.add(new Placement(r, Fate.ACTIVE, null));
            } else {
                activeAt.add(placed.size());
                placed.add(new Placement(r, Fate.ACTIVE, null));
            }
        }
        this.placements = List.copyOf(placed);
        this.unconditional = first;
        this.active = activeAt.stream().map(i -> placed.get(i).rule()).toList();
    }

    /** The syscall as the kernel sees it, e.g. {@code socketcall} for the rules that reach it from {@code socket}. */
    public String syscall() {
        return syscall;
    }

    public Arch arch() {
        return arch;
    }

    /** Every rule for the syscall in the order runc adds them, with what became of it. */
    public List<Placement> placements() {
        return placements;
    }

    /** The rules that are part of the filter. */
    public List<PlacedRule> active() {
        return active;
    }

    /** The unconditional rule that decides the syscall whatever its arguments, if any. */
    public Optional<PlacedRule> unconditional() {
        return Optional.ofNullable(unconditional);
    }

    /** Whether the active argument rules carry more than one verdict. */
    public boolean mixedVerdicts() {
        return active.stream().map(PlacedRule::verdict).distinct().count() > 1;
    }

    /** Whether an active rule has a verdict that {@code verdictOf} accepts (so some calls may get it). */
    public boolean anyActive(java.util.function.Predicate<Verdict> verdictOf) {
        return active.stream().anyMatch(r -> verdictOf.test(r.verdict()));
    }

    /** The answer for these arguments (missing ones count as 0). */
    public Decision decide(long[] args) {
        if (unconditional != null) {
            return new Decision(unconditional.verdict(), Decision.Cause.RULE, Optional.of(unconditional),
                    !mayBeRefused(), List.of(unconditional));
        }
        List<PlacedRule> matching = active.stream()
                .filter(r -> Conditions.allMatch(arch, r.conditions(), args))
                .toList();
        boolean exact = exactForAllArguments();
        if (matching.isEmpty()) {
            return new Decision(defaultVerdict, Decision.Cause.DEFAULT, Optional.empty(), exact, matching);
        }
        boolean agree = matching.stream().map(PlacedRule::verdict).distinct().count() == 1;
        return new Decision(matching.getFirst().verdict(), Decision.Cause.RULE, Optional.of(matching.getFirst()),
                exact && agree, matching);
    }

    /**
     * Whether every answer for this syscall follows from the rules alone. libseccomp merges the
     * argument rules of a syscall into one decision tree whose branches, once entered, do not
     * fall back to the alternatives beside them; the tree is the plain union of the rules only in
     * simple shapes. So this is true with an unconditional rule, with at most one argument rule,
     * or when every argument rule is a single {@code ==} test of the same argument (Docker's
     * personality rules); otherwise some answers come from the merge, and a differential test
     * against libseccomp shows that they do differ (two ordered tests of one argument in two
     * ALLOW rules let through values neither allows). Always false when
     * {@link #mayBeRefused()}.
     */
    public boolean exactForAllArguments() {
        if (mayBeRefused()) {
            return false;
        }
        if (unconditional != null || active.size() <= 1) {
            return true;
        }
        Integer index = null;
        for (PlacedRule r : active) {
            if (r.conditions().size() != 1 || r.conditions().getFirst().op() != Op.EQ) {
                return false;
            }
            int i = r.conditions().getFirst().index();
            if (index != null && index != i) {
                return false;
            }
            index = i;
        }
        return true;
    }

    /**
     * Whether libseccomp may refuse a rule for this syscall (EEXIST, and runc then refuses the
     * profile): two argument rules it merges — including ones a later unconditional rule
     * replaces, as the merge happens first — carry different verdicts and may overlap.
     */
    public boolean mayBeRefused() {
        List<PlacedRule> merged = mergedArgumentRules();
        for (int i = 0; i < merged.size(); i++) {
            for (int j = i + 1; j < merged.size(); j++) {
                PlacedRule a = merged.get(i);
                PlacedRule b = merged.get(j);
                if (!a.verdict().equals(b.verdict()) && !disjoint(a, b)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The argument rules libseccomp merges into the syscall's tree, in order: the active ones and
     * those a later unconditional rule replaced (the merge happens before the replacement).
     */
    public List<PlacedRule> mergedArgumentRules() {
        return placements.stream()
                .filter(p -> (p.fate() == Fate.ACTIVE || p.fate() == Fate.REPLACED) && !p.rule().unconditional())
                .map(Placement::rule)
                .toList();
    }

    /** Whether no arguments can satisfy both rules (a sound test: false means "may overlap"). */
    public boolean disjoint(PlacedRule a, PlacedRule b) {
        return a.conditions().stream().anyMatch(x -> b.conditions().stream().anyMatch(y -> Conditions.disjoint(arch, x, y)));
    }
}
