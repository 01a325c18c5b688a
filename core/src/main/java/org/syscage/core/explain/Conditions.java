package org.syscage.core.explain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;

/**
 * Argument conditions as runc and libseccomp apply them: how runc splits a rule whose conditions
 * repeat an argument index, what libseccomp keeps of a condition on each arch, and whether an
 * argument value satisfies it.
 */
public final class Conditions {
    private static final long LOW_WORD = 0xFFFF_FFFFL;

    private Conditions() {}

    /**
     * The rules runc adds for one profile rule's conditions. When two conditions name the same
     * argument index, runc adds every condition as a rule of its own (libseccomp would refuse
     * two on one index in one rule), so the conditions are ORed, not ANDed: each returned list
     * is one rule. Otherwise the one list holds all conditions (ANDed); no condition gives one
     * empty list (an unconditional rule).
     */
    public static List<List<ArgCondition>> splitAsRunc(List<ArgCondition> conditions) {
        if (!repeatsAnIndex(conditions)) {
            return List.of(List.copyOf(conditions));
        }
        List<List<ArgCondition>> parts = new ArrayList<>();
        for (ArgCondition c : conditions) {
            parts.add(List.of(c));
        }
        return List.copyOf(parts);
    }

    /** Whether two conditions of one rule name the same argument (runc then ORs all of them). */
    public static boolean repeatsAnIndex(List<ArgCondition> conditions) {
        Set<Integer> seen = new HashSet<>();
        for (ArgCondition c : conditions) {
            if (!seen.add(c.index())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The conditions libseccomp actually tests on {@code arch}: a MASKED_EQ whose mask has no bit
     * in the words the arch compares (the low word on 32-bit arches, both on 64-bit ones) is
     * dropped, as libseccomp's rule generation skips it.
     */
    public static List<ArgCondition> keptOn(Arch arch, List<ArgCondition> conditions) {
        return conditions.stream().filter(c -> !droppedOn(arch, c)).toList();
    }

    static boolean droppedOn(Arch arch, ArgCondition c) {
        if (c.op() != Op.MASKED_EQ) {
            return false;
        }
        long mask = arch.is64Bit() ? c.value() : c.value() & LOW_WORD;
        return mask == 0;
    }

    /**
     * Whether an argument value satisfies a condition on {@code arch}. 32-bit arches compare the
     * low 32 bits of the value with the low 32 bits of the condition's value (libseccomp drops the
     * high word of the datum); 64-bit arches compare all 64 bits, unsigned.
     */
    public static boolean matches(Arch arch, ArgCondition c, long arg) {
        if (droppedOn(arch, c)) {
            return true;
        }
        return c.op().holds(word(arch, arg), word(arch, c.value()), word(arch, c.valueTwo()));
    }

    /**
     * Whether one profile rule's conditions let a call with {@code args} through on {@code arch},
     * as runc and libseccomp build the rule: split as {@link #splitAsRunc} splits it, the
     * conditions of each part ANDed and the parts ORed (missing arguments count as 0).
     */
    public static boolean matchesAsRunc(Arch arch, List<ArgCondition> conditions, long[] args) {
        return splitAsRunc(conditions).stream().anyMatch(part -> allMatch(arch, part, args));
    }

    /** Whether all conditions hold for {@code args} (missing arguments count as 0). */
    public static boolean allMatch(Arch arch, List<ArgCondition> conditions, long[] args) {
        for (ArgCondition c : conditions) {
            long arg = c.index() < args.length ? args[c.index()] : 0;
            if (!matches(arch, c, arg)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether no argument value can satisfy both conditions (same index; EQ against a different
     * EQ, or EQ against the NE of the same value, compared as {@code arch} compares them). A
     * cheap, sound test: false means "may overlap".
     */
    public static boolean disjoint(Arch arch, ArgCondition a, ArgCondition b) {
        if (a.index() != b.index() || droppedOn(arch, a) || droppedOn(arch, b)) {
            return false;
        }
        long va = word(arch, a.value());
        long vb = word(arch, b.value());
        if (a.op() == Op.EQ && b.op() == Op.EQ) {
            return va != vb;
        }
        if ((a.op() == Op.EQ && b.op() == Op.NE) || (a.op() == Op.NE && b.op() == Op.EQ)) {
            return va == vb;
        }
        return false;
    }

    /** The condition in profile notation, e.g. {@code a0 == 0x2} or {@code (a0 & 0x7e020000) == 0}. */
    public static String describe(ArgCondition c) {
        String arg = "a" + c.index();
        return switch (c.op()) {
            case EQ -> arg + " == " + hex(c.value());
            case NE -> arg + " != " + hex(c.value());
            case LT -> arg + " < " + hex(c.value());
            case LE -> arg + " <= " + hex(c.value());
            case GT -> arg + " > " + hex(c.value());
            case GE -> arg + " >= " + hex(c.value());
            case MASKED_EQ -> "(" + arg + " & " + hex(c.value()) + ") == " + hex(c.valueTwo());
        };
    }

    /** Conditions joined by {@code &&}; "always" for none. */
    public static String describe(List<ArgCondition> conditions) {
        if (conditions.isEmpty()) {
            return "always";
        }
        return String.join(" && ", conditions.stream().map(Conditions::describe).toList());
    }

    static String hex(long value) {
        return value >= 0 && value < 10 ? Long.toString(value) : "0x" + Long.toHexString(value);
    }

    private static long word(Arch arch, long value) {
        return arch.is64Bit() ? value : value & LOW_WORD;
    }
}
