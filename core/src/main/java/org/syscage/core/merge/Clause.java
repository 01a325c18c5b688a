package org.syscage.core.merge;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Verdict;

/**
 * One conditional rule of a syscall: {@code verdict} when every condition holds. The conditions
 * are kept sorted and without repeats, so two clauses written in a different order are equal.
 * Conditions are compared as written: {@code arg0 <= 1} and {@code arg0 < 2} are different
 * clauses even though they match the same calls.
 */
public record Clause(List<ArgCondition> conditions, Verdict verdict) {
    /** Index, op, value, valueTwo (values unsigned): the canonical order of conditions. */
    public static final Comparator<ArgCondition> ORDER = Comparator.comparingInt(ArgCondition::index)
            .thenComparing(ArgCondition::op)
            .thenComparing(ArgCondition::value, Long::compareUnsigned)
            .thenComparing(ArgCondition::valueTwo, Long::compareUnsigned);

    /** Orders clauses by their conditions, then verdict; total over distinct clauses. */
    public static final Comparator<Clause> BY_CONDITIONS = Comparator
            .comparing(Clause::conditions, Clause::compareConditions)
            .thenComparing(c -> c.verdict().rank())
            .thenComparing(c -> c.verdict().value());

    public Clause {
        Objects.requireNonNull(verdict, "verdict");
        TreeSet<ArgCondition> sorted = new TreeSet<>(ORDER);
        sorted.addAll(conditions);
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a clause needs at least one condition");
        }
        conditions = List.copyOf(sorted);
    }

    /** Whether a call with these argument values (missing ones are 0) meets every condition. */
    public boolean matches(long... args) {
        for (ArgCondition c : conditions) {
            long arg = c.index() < args.length ? args[c.index()] : 0;
            if (!c.holds(arg)) {
                return false;
            }
        }
        return true;
    }

    /** {@code arg0 == 2 && arg1 & 0xff == 0}. */
    public String conditionText() {
        return conditions.stream().map(Clause::text).collect(Collectors.joining(" && "));
    }

    static String text(ArgCondition c) {
        String arg = "arg" + c.index();
        return switch (c.op()) {
            case MASKED_EQ -> arg + " & " + number(c.value()) + " == " + number(c.valueTwo());
            default -> arg + " " + symbol(c.op()) + " " + number(c.value());
        };
    }

    private static String symbol(Op op) {
        return switch (op) {
            case NE -> "!=";
            case LT -> "<";
            case LE -> "<=";
            case EQ -> "==";
            case GE -> ">=";
            case GT -> ">";
            case MASKED_EQ -> "&==";
        };
    }

    /** Small numbers in decimal, flag-like ones in hex. */
    static String number(long v) {
        return Long.compareUnsigned(v, 0x10000) < 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    private static int compareConditions(List<ArgCondition> a, List<ArgCondition> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ORDER.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
