package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Checks that a decompiled profile decides like its filter, two ways: on many sampled inputs
 * (every named syscall and unnamed numbers, argument values around the filter's constants) by
 * running the filter and reading the profile as runc and libseccomp do; and exhaustively, by
 * compiling the profile with the real libseccomp and proving the two filters equivalent.
 */
final class Agreement {
    private Agreement() {
    }

    static void assertDecidesAlike(BpfProgram filter, Decompilation d) {
        assertSampled(filter, true, d);
        RoundTrip.Outcome outcome = RoundTrip.check(filter, d, new LibseccompCompiler(2));
        assertTrue(outcome.exhaustive(), "the comparison must be a proof");
        assertTrue(outcome.difference().isEmpty(), () -> "the recompiled profile differs on "
                + outcome.difference().get() + "\n" + ProfileWriter.write(d.profile(), ProfileFormat.OCI));
    }

    /** The filter and the profile agree on sampled inputs of every arch the profile lists. */
    static void assertSampled(BpfProgram filter, boolean littleEndian, Decompilation d) {
        Random random = new Random(7);
        List<Long> values = interestingValues(filter);
        for (Arch a : d.profile().architectures()) {
            for (int nr : numbers(a, random)) {
                if (nr == -1 && d.skippedCallApart().contains(a)) {
                    continue;
                }
                for (int sample = 0; sample < 24; sample++) {
                    long[] args = new long[6];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = sample == 0 ? 0 : values.get(random.nextInt(values.size()));
                    }
                    SeccompData input = SeccompData.of(a, nr, args);
                    Decision filterSays = Decision.ofReturn(Emulator.decide(filter, input, littleEndian));
                    Optional<Decision> profileSays = ProfileEvaluator.decide(d.profile(), a, nr, input.args());
                    assertEquals(Optional.of(filterSays), profileSays, () -> a + " " + input + "\n"
                            + ProfileWriter.write(d.profile(), ProfileFormat.OCI));
                }
            }
        }
    }

    /** Every named number of the arch, and unnamed ones at the edges and at random. */
    private static Set<Integer> numbers(Arch a, Random random) {
        SyscallTable t = SyscallTable.of(a);
        Set<Integer> out = new LinkedHashSet<>();
        for (String name : t.names()) {
            t.number(name).ifPresent(out::add);
        }
        int base = a == Arch.X32 ? Arch.X32_SYSCALL_BIT : 0;
        int[] edges = a == Arch.X86_64 ? new int[] {-1, t.maxNumber() + 1, 0x3fffffff}
                : a == Arch.X32 ? new int[] {base + 600, 0x7fffffff, 0xfffffffe, base}
                : new int[] {-1, t.maxNumber() + 1, 0x40000000, 0x7fffffff, 1 << 31};
        for (int e : edges) {
            out.add(e);
        }
        for (int i = 0; i < 20; i++) {
            int nr = base + random.nextInt(a == Arch.X86_64 || a == Arch.X32 ? 0x3fffffff : Integer.MAX_VALUE);
            out.add(nr);
        }
        return out;
    }

    /** The constants of the filter, their neighbours, as low and high words; and the usual suspects. */
    static List<Long> interestingValues(BpfProgram filter) {
        Set<Long> words = new LinkedHashSet<>(List.of(0L, 1L, 2L, 0x7fffffffL, 0x80000000L, 0xffffffffL));
        for (Insn in : filter.instructions()) {
            long k = Integer.toUnsignedLong(in.k());
            words.add(k);
            words.add((k + 1) & 0xffffffffL);
            words.add((k - 1) & 0xffffffffL);
        }
        List<Long> low = new ArrayList<>(words);
        Set<Long> out = new LinkedHashSet<>(low);
        for (long hi : List.of(1L, 0xffffffffL)) {
            for (long lo : low) {
                out.add(hi << 32 | lo);
            }
        }
        for (long hi : low) {
            out.add(hi << 32);
        }
        return new ArrayList<>(out);
    }
}
