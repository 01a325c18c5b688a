package org.syscage.core.lint;

import java.util.List;
import java.util.Optional;
import org.syscage.core.explain.FilterModel;
import org.syscage.core.explain.PlacedRule;
import org.syscage.core.explain.SyscallRules;
import org.syscage.core.profile.Verdict;

/** Questions lint asks about one syscall on one arch's part of the filter. */
final class Allowances {
    private Allowances() {}

    /** The active rules that let the syscall run (ALLOW or LOG) for some arguments, direct rules only. */
    static List<PlacedRule> allowingRules(FilterModel filter, String syscall) {
        return filter.rules(syscall).map(r -> r.active().stream()
                .filter(p -> p.verdict().allows() && p.via() == null)
                .toList()).orElse(List.of());
    }

    /** The active unconditional rule of the syscall, if any. */
    static Optional<PlacedRule> unconditional(FilterModel filter, String syscall) {
        return filter.rules(syscall).flatMap(SyscallRules::unconditional);
    }

    /**
     * Whether the syscall is refused whatever its arguments: an active unconditional rule denies
     * it, or the default denies it and no active rule lets it run.
     */
    static boolean alwaysDenied(FilterModel filter, String syscall) {
        Optional<PlacedRule> u = unconditional(filter, syscall);
        if (u.isPresent()) {
            return u.get().verdict().denies();
        }
        Verdict d = filter.defaultVerdict();
        boolean someRuleLets = filter.rules(syscall).map(r -> r.anyActive(v -> !v.denies())).orElse(false);
        return d.denies() && !someRuleLets;
    }
}
