package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A box in the space of a syscall's six arguments: the inputs whose argument i lies in
 * {@code args[i]} for every i. The paths of a filter for one syscall are boxes (each word is
 * narrowed on its own), and so are the rules of a profile (a condition on each argument, ANDed).
 */
record Region(ValueSet[] args) {
    static final int ARGS = 6;

    Region {
        if (args.length != ARGS) {
            throw new IllegalArgumentException("a region has " + ARGS + " arguments");
        }
        args = args.clone();
    }

    static Region all(int width) {
        ValueSet[] a = new ValueSet[ARGS];
        Arrays.fill(a, ValueSet.all(width));
        return new Region(a);
    }

    ValueSet arg(int i) {
        return args[i];
    }

    int width() {
        return args[0].width();
    }

    Region with(int i, ValueSet set) {
        ValueSet[] a = args.clone();
        a[i] = set;
        return new Region(a);
    }

    boolean isEmpty() {
        for (ValueSet s : args) {
            if (s.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    boolean intersects(Region o) {
        for (int i = 0; i < ARGS; i++) {
            if (!args[i].intersects(o.args[i])) {
                return false;
            }
        }
        return true;
    }

    Region intersect(Region o) {
        ValueSet[] a = new ValueSet[ARGS];
        for (int i = 0; i < ARGS; i++) {
            a[i] = args[i].intersect(o.args[i]);
        }
        return new Region(a);
    }

    /**
     * This box minus another, as disjoint boxes: the part outside {@code o} in argument 0, then
     * the part inside it in argument 0 but outside in argument 1, and so on.
     */
    List<Region> minus(Region o) {
        if (!intersects(o)) {
            return List.of(this);
        }
        List<Region> out = new ArrayList<>();
        ValueSet[] inside = args.clone();
        for (int i = 0; i < ARGS; i++) {
            ValueSet outside = args[i].minus(o.args[i]);
            if (!outside.isEmpty()) {
                ValueSet[] part = inside.clone();
                part[i] = outside;
                out.add(new Region(part));
            }
            inside[i] = args[i].intersect(o.args[i]);
        }
        return out;
    }

    /** Whether the union of {@code boxes} covers this box. */
    boolean coveredBy(List<Region> boxes) {
        List<Region> rest = List.of(this);
        for (Region b : boxes) {
            List<Region> next = new ArrayList<>();
            for (Region r : rest) {
                next.addAll(r.minus(b));
            }
            rest = next;
            if (rest.isEmpty()) {
                return true;
            }
        }
        return rest.isEmpty();
    }

    /** The index of the one argument in which the two boxes differ, -1 if none, -2 if several. */
    int differingArg(Region o) {
        int found = -1;
        for (int i = 0; i < ARGS; i++) {
            if (!args[i].sameAs(o.args[i])) {
                if (found != -1) {
                    return -2;
                }
                found = i;
            }
        }
        return found;
    }

    boolean containsAll(Region o) {
        for (int i = 0; i < ARGS; i++) {
            if (!args[i].containsAll(o.args[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r && differingArg(r) == -1;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return Arrays.toString(args);
    }
}
