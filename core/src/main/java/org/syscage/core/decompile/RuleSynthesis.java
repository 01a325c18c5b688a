package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.syscage.core.profile.ArgCondition;

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

    /** Rules that give every input of {@code f} its decision, leaving {@code dflt} to the default. */
    static List<Rule> rules(List<Piece> pieces, Decision dflt, int width) {
        Map<Decision, List<Region>> byDecision = new LinkedHashMap<>();
        for (Piece p : pieces) {
            if (!p.decision().equals(dflt)) {
                byDecision.computeIfAbsent(p.decision(), d -> new ArrayList<>()).add(p.region());
            }
        }
        List<Rule> out = new ArrayList<>();
        for (var e : byDecision.entrySet()) {
            for (Region box : merge(e.getValue())) {
                out.addAll(rulesOf(e.getKey(), box));
            }
        }
        return out;
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
    private static List<Rule> rulesOf(Decision decision, Region box) {
        List<List<ArgCondition>> combos = List.of(List.of());
        for (int i = 0; i < Region.ARGS; i++) {
            List<ArgCondition> options = Conditions.covering(i, box.arg(i));
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
