package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;

/**
 * A plain profile read as decisions, the way runc and libseccomp read it, per syscall name:
 * <ul>
 *   <li>a rule whose verdict equals the default's is dropped (runc skips it);
 *   <li>the first rule without conditions decides the syscall; later unconditional rules are
 *       ignored and conditional rules on the same syscall are replaced (libseccomp 2.5);
 *   <li>a rule whose conditions name one argument twice becomes one clause per condition (OR),
 *       otherwise its conditions form one clause (AND);
 *   <li>a second clause with the same conditions but another verdict is ignored (libseccomp
 *       refuses it, so runc would not start the container).
 * </ul>
 * Names are kept as written, whether or not an arch has them; syscalls no rule names get the
 * default.
 *
 * @param defaultVerdict the default action with its errno
 * @param explicit       the treatment of every syscall some surviving rule names, by name
 * @param architectures  the profile's arch list as written (the runtime adds its native arch)
 * @param flags          SECCOMP_FILTER_FLAG_* names as written
 * @param profile        the plain profile read, which the compiler turns into the exact decisions
 *                       per arch; not part of equality (two profiles written differently may
 *                       read alike)
 */
public record ProfileDecisions(Verdict defaultVerdict, SortedMap<String, Treatment> explicit,
                               List<Arch> architectures, List<String> flags, Profile profile) {
    public ProfileDecisions {
        explicit = Collections.unmodifiableSortedMap(new TreeMap<>(explicit));
        architectures = List.copyOf(new LinkedHashSet<>(architectures));
        flags = List.copyOf(new LinkedHashSet<>(flags));
        Objects.requireNonNull(profile, "profile");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfileDecisions d && defaultVerdict.equals(d.defaultVerdict) && explicit.equals(d.explicit)
                && architectures.equals(d.architectures) && flags.equals(d.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaultVerdict, explicit, architectures, flags);
    }

    /** The decisions of a plain profile; a Docker-format one must be resolved first. */
    public static ProfileDecisions of(Profile profile) {
        if (profile.isDockerFormat()) {
            throw new InputException("the profile uses Docker's archMap or includes/excludes, "
                    + "expected a resolved profile (resolve it for a container first)");
        }
        Verdict byDefault = Verdict.of(profile.defaultAction(), profile.defaultErrnoRet());
        Map<String, Verdict> unconditional = new LinkedHashMap<>();
        Map<String, List<Clause>> conditional = new LinkedHashMap<>();
        for (SyscallRule rule : profile.syscalls()) {
            Verdict verdict = Verdict.of(rule.action(), rule.errnoRet());
            if (verdict.equals(byDefault)) {
                continue;
            }
            List<Clause> clauses = clausesOf(rule.args(), verdict);
            for (String name : rule.names()) {
                if (clauses.isEmpty()) {
                    unconditional.putIfAbsent(name, verdict);
                } else {
                    List<Clause> existing = conditional.computeIfAbsent(name, n -> new ArrayList<>());
                    for (Clause c : clauses) {
                        if (existing.stream().noneMatch(e -> e.conditions().equals(c.conditions()))) {
                            existing.add(c);
                        }
                    }
                }
            }
        }
        SortedMap<String, Treatment> explicit = new TreeMap<>();
        conditional.forEach((name, clauses) -> explicit.put(name, new Treatment(clauses, byDefault)));
        unconditional.forEach((name, verdict) -> explicit.put(name, Treatment.always(verdict)));
        return new ProfileDecisions(byDefault, explicit, profile.architectures(), profile.flags(), profile);
    }

    /** Conditions naming one argument twice are ORed by libseccomp as runc calls it; others ANDed. */
    static List<Clause> clausesOf(List<ArgCondition> args, Verdict verdict) {
        if (args.isEmpty()) {
            return List.of();
        }
        Set<Integer> indexes = new HashSet<>();
        boolean repeated = args.stream().anyMatch(a -> !indexes.add(a.index()));
        if (!repeated) {
            return List.of(new Clause(args, verdict));
        }
        return args.stream().map(a -> new Clause(List.of(a), verdict)).toList();
    }

    /** How the profile treats {@code name}: its rules, or the default when none names it. */
    public Treatment treatment(String name) {
        Treatment t = explicit.get(name);
        return t != null ? t : Treatment.always(defaultVerdict);
    }

    /** The arches the runtime's filter covers: the native one first, then those listed. */
    public List<Arch> effectiveArches(Arch nativeArch) {
        LinkedHashSet<Arch> all = new LinkedHashSet<>();
        all.add(nativeArch);
        all.addAll(architectures);
        return List.copyOf(all);
    }
}
