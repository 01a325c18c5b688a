package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;

/**
 * Rules that decide like a {@link SyscallFunction}, and the check that a set of rules does.
 *
 * <p>The rules are built so that libseccomp's way of combining several rules on one syscall
 * cannot change their meaning: rules with different decisions never share an input (each
 * comes from a different set of the filter's paths, which partition the arguments), and
 * within one rule no argument has two conditions (runc would split them into ORed rules). Rules
 * with the same decision may overlap; libseccomp ORs them.
 */
final class RuleSynthesis {
    private RuleSynthesis() {
    }

    /**
     * The forms of rules, from the most readable to the plainest. libseccomp 2.5.4 (Debian 12's,
     * what runc links) has two bugs with range conditions (NE, LT, LE, GT, GE), both seen on
     * random rule sets through the oracle:
     * <ul>
     *   <li>two rules sharing a range condition followed by different conditions
     *       ({@code a1 <= X && a2 <= Y} and {@code a1 <= X && (a2 & M) == V}) make
     *       seccomp_rule_add loop forever;</li>
     *   <li>several range conditions on one 64-bit argument among a syscall's rules, even in
     *       disjoint rules such as {@code a0 < 0x1000e741b} and {@code a0 > 0x30011bfb3},
     *       can compile into a filter that decides wrongly: after the low-word test of one rule
     *       fails, the next rule tests the accumulator as if it still held the high word.</li>
     * </ul>
     * EQ and MASKED_EQ conditions never did either, on thousands of random rule sets.
     */
    enum Form {
        /** Ranges where they read best; only the rule_add hang is avoided. */
        READABLE,
        /** At most one range condition per argument among a syscall's rules: what random tests never caught miscompiled in small rule sets. */
        ONE_RANGE,
        /** EQ and MASKED_EQ only. */
        BLOCKS
    }

    /**
     * Rules one syscall may take before the decompiler calls it too intricate: each is a
     * libseccomp rule, and libseccomp slows to minutes on tens of thousands of them.
     */
    static final int MAX_RULES = 256;

    /** More than {@link #MAX_RULES} rules would be needed. */
    static final class TooManyRules extends RuntimeException {
        final long count;

        TooManyRules(long count) {
            super(null, null, false, false);
            this.count = count;
        }
    }

    /**
     * Rules that give every input of {@code f} its decision, leaving {@code dflt} to the default.
     *
     * @param form how much of libseccomp's trouble with range conditions to steer clear of
     * @throws TooManyRules when that takes more than {@link #MAX_RULES}
     */
    static List<Rule> rules(List<Piece> pieces, Decision dflt, int width, Form form) {
        boolean blocksOnly = form == Form.BLOCKS;
        Map<Decision, List<Region>> byDecision = new LinkedHashMap<>();
        for (Piece p : pieces) {
            if (!p.decision().equals(dflt)) {
                byDecision.computeIfAbsent(p.decision(), d -> new ArrayList<>()).add(p.region());
            }
        }
        Map<Decision, List<Region>> merged = new LinkedHashMap<>();
        long count = 0;
        for (var e : byDecision.entrySet()) {
            List<Region> boxes = merge(e.getValue());
            merged.put(e.getKey(), boxes);
            for (Region box : boxes) {
                long product = 1;
                for (int i = 0; i < Region.ARGS; i++) {
                    product *= Math.max(1, Conditions.covering(i, box.arg(i), blocksOnly).size());
                    if (product > MAX_RULES) {
                        break;
                    }
                }
                count += product;
            }
        }
        if (count > MAX_RULES) {
            throw new TooManyRules(count);
        }
        List<Rule> out = new ArrayList<>();
        merged.forEach((decision, boxes) -> boxes.forEach(box -> out.addAll(rulesOf(decision, box, blocksOnly))));
        List<Rule> safe = form == Form.ONE_RANGE ? oneRangePerArgument(out, width) : withoutSharedRanges(out, width);
        if (safe.size() > MAX_RULES) {
            throw new TooManyRules(safe.size());
        }
        return safe;
    }

    /**
     * {@link Form#ONE_RANGE}: per argument, the range condition that would cost the most blocks
     * stays, and the others are written as the aligned blocks (EQ / MASKED_EQ) that make them up.
     * This also rules out the shared range conditions libseccomp hangs on.
     */
    static List<Rule> oneRangePerArgument(List<Rule> rules, int width) {
        List<Rule> out = rules;
        for (int arg = 0; arg < Region.ARGS; arg++) {
            int index = arg;
            ArgCondition keep = null;
            int keepCost = -1;
            int ranges = 0;
            for (Rule r : out) {
                for (ArgCondition c : r.conditions()) {
                    if (c.index() == index && isRange(c)) {
                        ranges++;
                        int cost = Conditions.admitted(c, width).compact().cubes().size();
                        if (cost > keepCost) {
                            keep = c;
                            keepCost = cost;
                        }
                    }
                }
            }
            if (ranges <= 1) {
                continue;
            }
            List<Rule> next = new ArrayList<>();
            boolean kept = false;
            for (Rule r : out) {
                int at = -1;
                for (int i = 0; i < r.conditions().size(); i++) {
                    ArgCondition c = r.conditions().get(i);
                    if (c.index() == index && isRange(c)) {
                        at = i;
                    }
                }
                if (at < 0 || !kept && r.conditions().get(at).equals(keep)) {
                    kept |= at >= 0;
                    next.add(r);
                    continue;
                }
                for (ValueSet.Cube cube : Conditions.admitted(r.conditions().get(at), width).compact().cubes()) {
                    List<ArgCondition> conds = new ArrayList<>(r.conditions());
                    conds.set(at, Conditions.ofCube(index, cube, width));
                    next.add(new Rule(r.decision(), conds));
                }
                if (next.size() > MAX_RULES) {
                    throw new TooManyRules(next.size());
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * {@link Form#READABLE}: only a range condition that is not the last of its rule and meets
     * the same argument value (low words compared, as on 32-bit arches) in another rule is
     * written as blocks, which is enough to keep libseccomp from hanging.
     */
    static List<Rule> withoutSharedRanges(List<Rule> rules, int width) {
        List<Rule> out = rules;
        for (ArgCondition shared = sharedRange(out); shared != null; shared = sharedRange(out)) {
            ArgCondition c = shared;
            List<Rule> next = new ArrayList<>();
            for (Rule r : out) {
                int at = r.conditions().indexOf(c);
                if (at < 0 || at == r.conditions().size() - 1) {
                    next.add(r);
                    continue;
                }
                for (ValueSet.Cube cube : Conditions.admitted(c, width).compact().cubes()) {
                    List<ArgCondition> conds = new ArrayList<>(r.conditions());
                    conds.set(at, Conditions.ofCube(c.index(), cube, width));
                    next.add(new Rule(r.decision(), conds));
                }
                if (next.size() > MAX_RULES) {
                    throw new TooManyRules(next.size());
                }
            }
            out = next;
        }
        return out;
    }

    private static ArgCondition sharedRange(List<Rule> rules) {
        for (Rule r : rules) {
            List<ArgCondition> conds = r.conditions();
            for (int i = 0; i < conds.size() - 1; i++) {
                ArgCondition c = conds.get(i);
                if (!isRange(c)) {
                    continue;
                }
                for (Rule other : rules) {
                    if (other != r && other.conditions().stream().anyMatch(o -> o.index() == c.index()
                            && (o.value() & 0xffffffffL) == (c.value() & 0xffffffffL))) {
                        return c;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isRange(ArgCondition c) {
        return c.op() != Op.EQ && c.op() != Op.MASKED_EQ;
    }

    /**
     * Fewer, larger boxes with the same union: a box inside another goes, two boxes that differ
     * in one argument become one with the union there.
     */
    static List<Region> merge(List<Region> boxes) {
        List<Region> list = new ArrayList<>(boxes);
        boolean changed = true;
        while (changed) {
            changed = false;
            outer:
            for (int i = 0; i < list.size(); i++) {
                for (int j = 0; j < list.size(); j++) {
                    if (i == j) {
                        continue;
                    }
                    Region a = list.get(i);
                    Region b = list.get(j);
                    if (a.containsAll(b)) {
                        list.remove(j);
                        changed = true;
                        break outer;
                    }
                    int k = a.differingArg(b);
                    if (k >= 0) {
                        list.set(i, a.with(k, a.arg(k).union(b.arg(k)).compact()));
                        list.remove(j);
                        changed = true;
                        break outer;
                    }
                }
            }
        }
        return list;
    }

    /** The rules of one box: one condition per constrained argument, each choice of them. */
    private static List<Rule> rulesOf(Decision decision, Region box, boolean blocksOnly) {
        List<List<ArgCondition>> combos = List.of(List.of());
        for (int i = 0; i < Region.ARGS; i++) {
            List<ArgCondition> options = Conditions.covering(i, box.arg(i), blocksOnly);
            if (options.isEmpty()) {
                continue;
            }
            List<List<ArgCondition>> next = new ArrayList<>();
            for (List<ArgCondition> c : combos) {
                for (ArgCondition o : options) {
                    List<ArgCondition> n = new ArrayList<>(c);
                    n.add(o);
                    next.add(n);
                }
            }
            combos = next;
        }
        return combos.stream().map(c -> new Rule(decision, c)).toList();
    }

    /**
     * Where {@code rules} (with {@code extra}, rules libseccomp adds on its own, such as those a
     * socket call's rule puts on socketcall) decide otherwise than the pieces, on an arch of
     * {@code width} bits with default {@code dflt}; empty when they agree on every input.
     */
    static Optional<String> mismatch(List<Rule> rules, List<Piece> pieces, Decision dflt, int width) {
        record Box(Region region, Decision decision) {
        }
        List<Box> boxes = new ArrayList<>();
        for (Rule r : rules) {
            if (r.decision().equals(dflt)) {
                continue; // runc drops a rule whose action is the default's
            }
            for (Region region : r.regions(width)) {
                if (!region.isEmpty()) {
                    boxes.add(new Box(region, r.decision()));
                }
            }
        }
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                if (!boxes.get(i).decision().equals(boxes.get(j).decision())
                        && boxes.get(i).region().intersects(boxes.get(j).region())) {
                    return Optional.of("rules with " + boxes.get(i).decision() + " and " + boxes.get(j).decision()
                            + " overlap");
                }
            }
        }
        for (Piece p : pieces) {
            for (Box b : boxes) {
                if (!b.decision().equals(p.decision()) && b.region().intersects(p.region())) {
                    return Optional.of("a rule gives " + b.decision() + " where the filter gives " + p.decision());
                }
            }
            if (!p.decision().equals(dflt)) {
                List<Region> same = boxes.stream().filter(b -> b.decision().equals(p.decision())).map(Box::region).toList();
                if (!p.region().coveredBy(same)) {
                    return Optional.of("the filter gives " + p.decision() + " where the rules leave the default, "
                            + dflt);
                }
            }
        }
        return Optional.empty();
    }

    /** Unconditional rules first, then by decision; a stable sort keeps the conditions in value order. */
    static final Comparator<Rule> ORDER = Comparator.<Rule>comparingInt(r -> r.conditions().size())
            .thenComparing(r -> r.decision().toString());
}
