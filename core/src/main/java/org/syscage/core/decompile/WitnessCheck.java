package org.syscage.core.decompile;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.bpf.SymbolicPaths;
import org.syscage.core.bpf.SymbolicPaths.Path;
import org.syscage.core.bpf.SymbolicPaths.Returned;
import org.syscage.core.bpf.SymbolicPaths.WordValues;
import org.syscage.core.profile.Profile;

/**
 * The decompiler's second opinion, independent of the compiler: the filter, run concretely, and
 * the profile, read by {@link ProfileEvaluator} as runc and libseccomp read it, on the witness of
 * every path and on the ends of each argument word's ranges.
 */
final class WitnessCheck {
    private final BpfProgram program;
    private final boolean littleEndian;
    private long inputs;

    WitnessCheck(BpfProgram program, boolean littleEndian) {
        this.program = program;
        this.littleEndian = littleEndian;
    }

    /** Inputs checked so far. */
    long inputs() {
        return inputs;
    }

    /**
     * Runs the profile (as runc and libseccomp read it) and the filter on the witness of every
     * path, and on the ends of each argument word's ranges; a difference is a decompiler bug,
     * reported as a finding rather than hidden.
     */
    /**
     * The differences found, as "arch input: filter X, profile Y" lines (empty when none), over
     * the syscalls and arches no finding is about.
     */
    List<String> run(Profile profile, Map<Arch, Map<String, SyscallFunction>> functions,
                     Map<Arch, List<Path>> unnamed, Decision dflt, Set<String> excusedNames, Set<Arch> excusedUnnamed) {
        List<String> problems = new ArrayList<>();
        for (var e : functions.entrySet()) {
            Arch a = e.getKey();
            for (var named : e.getValue().entrySet()) {
                if (excusedNames.contains(named.getKey())) {
                    continue;
                }
                for (Piece p : named.getValue().pieces()) {
                    checkPath(profile, a, p.path(), problems);
                }
            }
            if (excusedUnnamed.contains(a)) {
                continue;
            }
            for (Path p : unnamed.get(a)) {
                if (p instanceof Returned r && Decision.ofReturn(r.value()).equals(dflt)) {
                    checkPath(profile, a, r, problems);
                }
            }
        }
        return problems;
    }

    private void checkPath(Profile profile, Arch a, Returned path, List<String> problems) {
        for (SeccompData input : samples(path, a)) {
            inputs++;
            Decision expected = Decision.ofReturn(Emulator.decide(program, input, littleEndian));
            Optional<Decision> got = ProfileEvaluator.decide(profile, a, input.nr(), input.args());
            if (got.isEmpty() || !got.get().equals(expected)) {
                problems.add(a + " " + input + ": filter " + expected + ", profile "
                        + got.map(Decision::toString).orElse("ambiguous"));
            }
        }
    }

    /** The path's witness, and the same with one argument word moved to an end of one of its ranges. */
    private List<SeccompData> samples(Returned path, Arch a) {
        List<SeccompData> out = new ArrayList<>();
        int[] base = new int[SymbolicPaths.WORDS];
        for (int i = 0; i < base.length; i++) {
            base[i] = path.words().get(i).witness();
        }
        out.add(input(base));
        for (int i = 0; i < Region.ARGS; i++) {
            List<Integer> words = new ArrayList<>(List.of(argLowOffset(i, littleEndian) / 4));
            if (SyscallFunction.width(a) == 64) {
                words.add(argHighOffset(i, littleEndian) / 4);
            }
            for (int w : words) {
                WordValues v = path.words().get(w);
                for (SymbolicPaths.Range r : v.ranges()) {
                    for (long end : new long[] {r.low(), r.high()}) {
                        if (end != Integer.toUnsignedLong(base[w]) && v.contains((int) end)) {
                            int[] moved = base.clone();
                            moved[w] = (int) end;
                            out.add(input(moved));
                        }
                    }
                    if (out.size() > 64) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    private SeccompData input(int[] w) {
        long[] args = new long[SeccompData.ARGS];
        for (int i = 0; i < args.length; i++) {
            args[i] = join(w[argLowOffset(i, littleEndian) / 4], w[argHighOffset(i, littleEndian) / 4]);
        }
        return new SeccompData(w[0], w[1], join(w[ipLowOffset(littleEndian) / 4], w[ipHighOffset(littleEndian) / 4]), args);
    }

    private static long join(int low, int high) {
        return ((long) high << 32) | Integer.toUnsignedLong(low);
    }
}
