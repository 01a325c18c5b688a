package org.syscage.linux.record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.SyscallRule;

/**
 * From the argument values a recording saw to ALLOW rules that let exactly those values through
 * ({@code record --args}), or to the reason a syscall stays allowed whatever its arguments.
 *
 * <p>An OCI profile has one list of rules for all its arches, so a syscall's rules are the union
 * of the keys seen on every arch, and a syscall is not restricted at all when one of the
 * profile's arches reads the compared argument differently ({@link DecidingArgument#differsOn}).
 *
 * <pre>{@code
 * Map<String, ArgumentRules.Decision> d = ArgumentRules.decide(recording.arguments(), base.names(),
 *         List.of(Arch.X86_64));
 * d.get("socket");   // Restricted[clauses=[[a0 == 2, (a1 & 0xfff7f7ff) == 1]]]
 * }</pre>
 */
public final class ArgumentRules {
    private ArgumentRules() {
    }

    /** What becomes of one syscall whose arguments were recorded. */
    public sealed interface Decision {
        /** ALLOW when one of {@code clauses} holds (each clause: all its conditions). */
        record Restricted(List<List<ArgCondition>> clauses) implements Decision {
            public Restricted {
                clauses = clauses.stream().map(List::copyOf).toList();
            }
        }

        /** ALLOW whatever the arguments, for {@code reason}. */
        record Unrestricted(String reason) implements Decision {
        }
    }

    /**
     * Decides each recorded syscall.
     *
     * @param values     the keys seen, per arch and syscall
     * @param anyArgs    syscalls that must stay allowed with any arguments (the container
     *                   runtime's base set makes them with arguments no recording sees)
     * @param arches     every arch of the profile the rules go into
     * @return per syscall name, sorted by name
     */
    public static Map<String, Decision> decide(Collection<ArgumentValues> values, Set<String> anyArgs,
                                               Collection<Arch> arches) {
        Map<String, List<ArgumentValues>> byName = new TreeMap<>();
        values.forEach(v -> byName.computeIfAbsent(v.name(), n -> new ArrayList<>()).add(v));
        Map<String, Decision> out = new LinkedHashMap<>();
        byName.forEach((name, seen) -> out.put(name, decide(name, seen, anyArgs, arches)));
        return out;
    }

    private static Decision decide(String name, List<ArgumentValues> seen, Set<String> anyArgs,
                                   Collection<Arch> arches) {
        DecidingArgument argument = seen.getFirst().argument();
        if (anyArgs.contains(name)) {
            return new Decision.Unrestricted("the container runtime's base set makes it with arguments the "
                    + "recording cannot see");
        }
        List<String> differing = arches.stream().filter(a -> argument.differsOn(a, name)).map(Arch::kernelName).toList();
        if (!differing.isEmpty()) {
            return new Decision.Unrestricted(switch (argument) {
                case SOCKET -> "on " + String.join(", ", differing) + " socket is also reached through socketcall(2), "
                        + "whose arguments are in memory";
                case CLONE -> "on " + String.join(", ", differing) + " clone's first two arguments are swapped";
                default -> "on " + String.join(", ", differing) + " the syscall named " + name + " is the old one "
                        + "that takes its arguments in a struct in memory";
            } + ", so one rule cannot serve every arch");
        }
        if (seen.stream().anyMatch(ArgumentValues::overflow)) {
            return new Decision.Unrestricted("more than " + ArgumentValues.CAP + " distinct values");
        }
        LinkedHashSet<List<Long>> keys = new LinkedHashSet<>();
        seen.forEach(v -> keys.addAll(v.keys()));
        if (argument == DecidingArgument.EXEC_PROT) {
            if (keys.stream().anyMatch(k -> k.getFirst() != 0)) {
                return new Decision.Unrestricted("PROT_EXEC was used");
            }
            keys.clear();
            keys.add(List.of(0L));
        }
        List<List<Long>> sorted = new ArrayList<>(keys);
        sorted.sort(ArgumentRules::compareKeys);
        return new Decision.Restricted(sorted.stream()
                .map(k -> argument.conditions(k.stream().mapToLong(Long::longValue).toArray())).toList());
    }

    private static int compareKeys(List<Long> a, List<Long> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Long.compareUnsigned(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * The profile's rules: one ALLOW rule naming {@code allowed} minus the restricted syscalls,
     * then one ALLOW rule per clause, naming every restricted syscall that shares it (mmap,
     * mprotect and pkey_mprotect share "no PROT_EXEC").
     */
    public static List<SyscallRule> rules(SortedSet<String> allowed, Map<String, Decision> decisions) {
        SortedSet<String> plain = new TreeSet<>(allowed);
        Map<List<ArgCondition>, SortedSet<String>> conditional = new LinkedHashMap<>();
        decisions.forEach((name, d) -> {
            if (d instanceof Decision.Restricted r && allowed.contains(name)) {
                plain.remove(name);
                r.clauses().forEach(c -> conditional.computeIfAbsent(c, k -> new TreeSet<>()).add(name));
            }
        });
        List<SyscallRule> rules = new ArrayList<>();
        if (!plain.isEmpty()) {
            rules.add(SyscallRule.of(List.copyOf(plain), Action.ALLOW));
        }
        conditional.entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getValue().first()))
                .forEach(e -> rules.add(SyscallRule.of(List.copyOf(e.getValue()), Action.ALLOW,
                        e.getKey().toArray(ArgCondition[]::new))));
        return rules;
    }
}
