package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.syscage.core.bpf.Equivalence.Relation;
import org.syscage.core.bpf.SymbolicPaths.MaskedTest;
import org.syscage.core.bpf.SymbolicPaths.Range;
import org.syscage.core.bpf.SymbolicPaths.WordValues;

/**
 * A set of unsigned values of one argument, 32 or 64 bits wide, as a union of disjoint
 * {@link Cube}s ({@code (v & mask) == value}).
 *
 * <p>Cubes are the common ground of everything a filter and a profile can say about an
 * argument: an interval is a union of at most 2w aligned blocks, a masked test is one cube or
 * the union of a few, and the complement of a cube is at most w cubes. Keeping them disjoint
 * makes intersection, difference and emptiness exact and simple, which is what the decompiler
 * needs to prove that the rules it writes decide like the filter it read.
 */
final class ValueSet {
    /** Beyond this many cubes the decompiler gives up rather than grind. */
    static final int MAX_CUBES = 1 << 16;

    /** Thrown when a set would need more than {@link #MAX_CUBES} cubes. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("argument conditions too intricate (more than " + MAX_CUBES + " blocks)", null, false, false);
        }
    }

    /** {@code (v & mask) == value}; bits of value outside mask are 0. */
    record Cube(long mask, long value) {
        Cube {
            if ((value & ~mask) != 0) {
                throw new IllegalArgumentException("value bits outside the mask");
            }
        }

        boolean contains(long v) {
            return (v & mask) == value;
        }

        /** The common part, or null. */
        Cube intersect(Cube o) {
            if (((value ^ o.value) & mask & o.mask) != 0) {
                return null;
            }
            return new Cube(mask | o.mask, value | o.value);
        }

        /** Whether the free bits lie below the fixed ones, so the cube is an aligned interval. */
        boolean isInterval(int width) {
            long free = ~mask & widthMask(width);
            return (free & (free + 1)) == 0;
        }

        long low() {
            return value;
        }

        long high(int width) {
            return value | (~mask & widthMask(width));
        }
    }

    private final int width;
    private final List<Cube> cubes;

    private ValueSet(int width, List<Cube> cubes) {
        if (cubes.size() > MAX_CUBES) {
            throw new TooLarge();
        }
        this.width = width;
        this.cubes = List.copyOf(cubes);
    }

    static long widthMask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    static ValueSet all(int width) {
        return new ValueSet(width, List.of(new Cube(0, 0)));
    }

    static ValueSet none(int width) {
        return new ValueSet(width, List.of());
    }

    static ValueSet point(int width, long v) {
        return new ValueSet(width, List.of(new Cube(widthMask(width), v & widthMask(width))));
    }

    static ValueSet cube(int width, long mask, long value) {
        long m = mask & widthMask(width);
        if ((value & ~m & widthMask(width)) != 0) {
            return none(width);
        }
        return new ValueSet(width, List.of(new Cube(m, value & m)));
    }

    /** The unsigned interval [lo, hi] as aligned blocks, largest first from each end. */
    static ValueSet range(int width, long lo, long hi) {
        List<Cube> out = new ArrayList<>();
        if (Long.compareUnsigned(lo, hi) > 0) {
            return none(width);
        }
        long full = widthMask(width);
        long at = lo;
        while (true) {
            // The largest aligned block starting at `at` that does not pass hi.
            int size = at == 0 ? width : Math.min(Long.numberOfTrailingZeros(at), width);
            while (size > 0 && Long.compareUnsigned(at + lowOnes(size), hi) > 0) {
                size--;
            }
            long free = lowOnes(size);
            out.add(new Cube(full & ~free, at));
            long end = at + free;
            if (end == hi) {
                break;
            }
            at = end + 1;
        }
        return new ValueSet(width, out);
    }

    private static long lowOnes(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    /**
     * The values v with {@code (v & mask) REL k}, unsigned, built bit by bit from the top: once
     * the bits fixed so far decide the comparison the rest is free, so at most two cubes per
     * bit of the mask come out.
     */
    static ValueSet masked(int width, long mask, Relation rel, long k) {
        List<Cube> out = new ArrayList<>();
        maskedFrom(width - 1, width, mask & widthMask(width), rel, k & widthMask(width), 0, 0, out);
        return new ValueSet(width, out);
    }

    private static void maskedFrom(int bit, int width, long mask, Relation rel, long k, long fixedMask,
                                   long fixedValue, List<Cube> out) {
        for (int b = bit; b >= 0; b--) {
            long kb = (k >>> b) & 1;
            if (((mask >>> b) & 1) == 0) {
                // (v & mask) has 0 here: below k when k has a 1 - decided, whatever v's bit.
                if (kb == 1) {
                    if (rel == Relation.LT || rel == Relation.LE || rel == Relation.NE) {
                        out.add(new Cube(fixedMask, fixedValue));
                    }
                    return;
                }
                continue;
            }
            long bitMask = 1L << b;
            // v's bit differs from k's: the comparison is decided below (v bit 0 < k bit 1) or above.
            long other = 1 - kb;
            boolean below = other < kb;
            boolean accept = switch (rel) {
                case EQ -> false;
                case NE -> true;
                case LT, LE -> below;
                case GT, GE -> !below;
            };
            if (accept) {
                out.add(new Cube(fixedMask | bitMask, fixedValue | (other << b)));
            }
            fixedMask |= bitMask;
            fixedValue |= kb << b;
        }
        if (rel == Relation.EQ || rel == Relation.LE || rel == Relation.GE) {
            out.add(new Cube(fixedMask, fixedValue));
        }
    }

    /** The set a path's word constraint describes, as 32-bit values. */
    static ValueSet ofWord(WordValues w) {
        ValueSet s = none(32);
        for (Range r : w.ranges()) {
            s = s.unionDisjoint(range(32, r.low(), r.high()));
        }
        for (MaskedTest t : w.maskedTests()) {
            s = s.intersect(masked(32, Integer.toUnsignedLong(t.mask()), t.relation(), Integer.toUnsignedLong(t.value())));
        }
        return s;
    }

    /** The 64-bit values whose high word lies in {@code high} and low word in {@code low}. */
    static ValueSet ofWords(ValueSet high, ValueSet low) {
        List<Cube> out = new ArrayList<>();
        for (Cube h : high.cubes) {
            for (Cube l : low.cubes) {
                out.add(new Cube(h.mask << 32 | l.mask, h.value << 32 | l.value));
            }
        }
        return new ValueSet(64, out).compact();
    }

    int width() {
        return width;
    }

    List<Cube> cubes() {
        return cubes;
    }

    boolean isEmpty() {
        return cubes.isEmpty();
    }

    boolean isAll() {
        return complement().isEmpty();
    }

    boolean contains(long v) {
        for (Cube c : cubes) {
            if (c.contains(v)) {
                return true;
            }
        }
        return false;
    }

    /** The smallest member; the set must not be empty. */
    long smallest() {
        return cubes.stream().mapToLong(Cube::low).reduce((a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b)
                .orElseThrow();
    }

    ValueSet intersect(ValueSet o) {
        List<Cube> out = new ArrayList<>();
        for (Cube a : cubes) {
            for (Cube b : o.cubes) {
                Cube c = a.intersect(b);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return new ValueSet(width, out);
    }

    boolean intersects(ValueSet o) {
        for (Cube a : cubes) {
            for (Cube b : o.cubes) {
                if (a.intersect(b) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    ValueSet minus(ValueSet o) {
        List<Cube> current = cubes;
        for (Cube b : o.cubes) {
            List<Cube> next = new ArrayList<>();
            for (Cube a : current) {
                subtract(a, b, next);
            }
            if (next.size() > MAX_CUBES) {
                throw new TooLarge();
            }
            current = next;
        }
        return new ValueSet(width, current);
    }

    /** a minus b as disjoint cubes: for each bit b fixes and a leaves free, the half that differs. */
    private void subtract(Cube a, Cube b, List<Cube> out) {
        if (a.intersect(b) == null) {
            out.add(a);
            return;
        }
        long mask = a.mask;
        long value = a.value;
        long split = b.mask & ~a.mask & widthMask(width);
        while (split != 0) {
            long bit = Long.highestOneBit(split);
            split &= ~bit;
            out.add(new Cube(mask | bit, value | (~b.value & bit)));
            mask |= bit;
            value |= b.value & bit;
        }
    }

    ValueSet union(ValueSet o) {
        return unionDisjoint(o.minus(this));
    }

    private ValueSet unionDisjoint(ValueSet o) {
        List<Cube> out = new ArrayList<>(cubes);
        out.addAll(o.cubes);
        return new ValueSet(width, out);
    }

    ValueSet complement() {
        return all(width).minus(this);
    }

    boolean sameAs(ValueSet o) {
        return minus(o).isEmpty() && o.minus(this).isEmpty();
    }

    boolean containsAll(ValueSet o) {
        return o.minus(this).isEmpty();
    }

    /**
     * The same set in fewer cubes: two cubes that differ in exactly one fixed bit merge into one
     * that leaves the bit free (their union, still disjoint from the rest), until none do.
     */
    ValueSet compact() {
        List<Cube> list = new ArrayList<>(cubes);
        boolean merged = true;
        while (merged && list.size() > 1) {
            merged = false;
            list.sort(Comparator.comparingLong(Cube::mask).thenComparingLong(Cube::value));
            List<Cube> next = new ArrayList<>(list.size());
            int i = 0;
            while (i < list.size()) {
                Cube a = list.get(i);
                Cube partner = null;
                int j = i + 1;
                for (; j < list.size() && list.get(j).mask == a.mask; j++) {
                    long diff = list.get(j).value ^ a.value;
                    if (Long.bitCount(diff) == 1) {
                        partner = list.get(j);
                        break;
                    }
                }
                if (partner != null) {
                    long diff = partner.value ^ a.value;
                    next.add(new Cube(a.mask & ~diff, a.value & ~diff));
                    list.remove(j);
                    merged = true;
                } else {
                    next.add(a);
                }
                i++;
            }
            list = next;
        }
        return new ValueSet(width, list);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueSet v && v.width == width && sameAs(v);
    }

    @Override
    public int hashCode() {
        return width;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (Cube c : cubes) {
            b.append(b.length() == 1 ? "" : ", ").append(String.format("&0x%x==0x%x", c.mask, c.value));
        }
        return b.append('}').toString();
    }
}
