package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BpfPropertiesTest {
    @Provide
    Arbitrary<SeccompData> inputs() {
        Arbitrary<Long> words = Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(0, 70),
                Arbitraries.of(0L, 1L, -1L, 0xffffffffL, 0x1_0000_0000L, 0x8000_0000L));
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), words,
                        words.list().ofSize(6))
                .as((nr, arch, ip, args) -> new SeccompData(nr, arch, ip,
                        args.stream().mapToLong(Long::longValue).toArray()));
    }

    @Property
    void randomValidProgramsPassTheVerifierAndRunWithoutError(@ForAll long seed, @ForAll("inputs") SeccompData d,
                                                                @ForAll boolean le) {
        BpfProgram p = RandomPrograms.anyValid(new Random(seed));
        assertEquals(List.of(), Verifier.check(p), p::toString);
        Emulator.Result r = Emulator.run(p, d, le);
        assertEquals(r.value(), Emulator.decide(p, d, le));
        int[] path = r.path();
        assertEquals(0, path[0]);
        for (int i = 1; i < path.length; i++) {
            assertTrue(path[i] > path[i - 1], "classic BPF only jumps forward");
        }
        int last = p.get(r.lastIndex()).code();
        assertTrue(bpfClass(last) == BPF_RET || last == (BPF_ALU | BPF_DIV | BPF_X), p::toString);
    }

    @Property
    void bytesRoundTripInBothOrders(@ForAll long seed) {
        BpfProgram p = RandomPrograms.anyValid(new Random(seed));
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            byte[] bytes = p.toBytes(order);
            assertEquals(8 * p.size(), bytes.length);
            assertEquals(p, BpfProgram.fromBytes(bytes, order));
        }
    }

    @Property
    void seccompDataBytesRoundTripAndWordsMatchTheLayout(@ForAll("inputs") SeccompData d, @ForAll boolean le,
                                                         @ForAll @IntRange(min = 0, max = 15) int word) {
        ByteOrder order = le ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] bytes = d.toBytes(order);
        assertEquals(d, SeccompData.fromBytes(bytes, order));
        int expected = ByteBuffer.wrap(bytes).order(order).getInt(4 * word);
        assertEquals(expected, d.word(4 * word, le));
    }

    /** Whether the programs differ on some input; exact for {@link RandomPrograms#smallFilter}. */
    private static SeccompData bruteForceDifference(BpfProgram a, BpfProgram b) {
        for (int nr = 0; nr < 32; nr++) {
            for (int arg = 0; arg < 32; arg++) {
                SeccompData d = new SeccompData(nr, 0, 0, new long[] {arg, 0, 0, 0, 0, 0});
                if (Emulator.decide(a, d, true) != Emulator.decide(b, d, true)) {
                    return d;
                }
            }
        }
        return null;
    }

    @Property(tries = 2000)
    void equivalenceSearchAgreesWithExhaustiveEnumeration(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int how) {
        Random r = new Random(seed);
        BpfProgram a = RandomPrograms.smallFilter(r);
        BpfProgram b = switch (how) {
            case 0 -> a;
            case 1 -> RandomPrograms.mutate(a, r);
            default -> RandomPrograms.smallFilter(r);
        };
        Equivalence.Verdict v = Equivalence.compare(a, b, Equivalence.Domain.anyInput(true));
        assertTrue(v.exhaustive(), "these programs are in the exactly decided fragment");
        SeccompData brute = bruteForceDifference(a, b);
        Statistics.label("programs").collect(brute == null ? "equivalent" : "different");
        Statistics.label("programs").coverage(c -> {
            c.check("equivalent").percentage(p -> p > 10);
            c.check("different").percentage(p -> p > 10);
        });
        if (brute == null) {
            assertTrue(v.difference().isEmpty(), () -> "no input differs, yet " + v + "\n" + a + "\n" + b);
        } else {
            Equivalence.Difference d = v.difference().orElseThrow(
                    () -> new AssertionError("missed " + brute + "\n" + a + "\n" + b));
            assertEquals(Emulator.decide(a, d.input(), true), d.first());
            assertEquals(Emulator.decide(b, d.input(), true), d.second());
            assertNotEquals(d.first(), d.second());
        }
    }

    /** Arbitrary programs mostly leave the symbolic fragment, so this exercises the sampler too. */
    @Property(tries = 100)
    void counterexamplesAreRealForAnyValidPrograms(@ForAll long seed, @ForAll boolean le) {
        Random r = new Random(seed);
        BpfProgram a = RandomPrograms.anyValid(r);
        BpfProgram b = RandomPrograms.anyValid(r);
        Equivalence.Verdict v = Equivalence.compare(a, b, Equivalence.Domain.anyInput(le));
        v.difference().ifPresent(d -> {
            assertEquals(Emulator.decide(a, d.input(), le), d.first());
            assertEquals(Emulator.decide(b, d.input(), le), d.second());
            assertNotEquals(d.first(), d.second());
        });
        assertTrue(Equivalence.compare(a, a, Equivalence.Domain.anyInput(le)).difference().isEmpty());
    }

    /** Conditions (mask, relation, k) on one word; exact brute force over 0..1023, see below. */
    @Property(tries = 3000)
    void wordSetsAreExact(@ForAll @Size(max = 6) List<@IntRange(min = 0, max = 1 << 20) Integer> codes) {
        WordSet set = WordSet.ALL;
        int[][] conditions = new int[codes.size()][];
        for (int i = 0; i < codes.size(); i++) {
            int c = codes.get(i);
            // Full mask or an 8-bit one; constants up to 300, so an 8-bit masked value may never reach them.
            int mask = (c & 1) == 0 ? -1 : (c >>> 1) & 0xff;
            int rel = ((c >>> 9) & 0xff) % 6;
            int k = (c >>> 12) % 301;
            conditions[i] = new int[] {mask, rel, k};
            if (set != null) {
                set = set.and(mask, rel, k);
            }
        }
        // Masks see 8 bits and full comparisons treat everything above 301 alike, so 512 + (v & 255)
        // behaves like any v >= 1024: scanning 0..1023 decides emptiness exactly.
        Integer member = null;
        for (int v = 0; v < 1024 && member == null; v++) {
            if (satisfies(v, conditions)) {
                member = v;
            }
        }
        if (member == null) {
            assertNull(set);
            return;
        }
        assertNotNull(set, "missed member " + member);
        assertTrue(satisfies(set.witness(), conditions));
        for (int v = 0; v < 1024; v++) {
            assertEquals(satisfies(v, conditions), set.contains(v));
        }
    }

    private static boolean satisfies(int v, int[][] conditions) {
        for (int[] c : conditions) {
            if (!WordSet.holds(c[1], v & c[0], c[2])) {
                return false;
            }
        }
        return true;
    }

    @Property
    void argumentWordsAreTheHalvesOfTheArgument(@ForAll("inputs") SeccompData d, @ForAll @IntRange(min = 0, max = 5) int i,
                                                @ForAll boolean le) {
        long joined = Integer.toUnsignedLong(d.word(Bpf.argLowOffset(i, le), le))
                | (long) d.word(Bpf.argHighOffset(i, le), le) << 32;
        assertEquals(d.arg(i), joined);
        long[] copy = d.args();
        copy[i] ^= 1;
        assertNotEquals(copy[i], d.arg(i), "args() hands out a copy");
    }
}
