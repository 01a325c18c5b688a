package org.syscage.core.decompile;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Equivalence;
import org.syscage.core.bpf.Equivalence.Domain;
import org.syscage.core.bpf.Insn;
import org.syscage.core.profile.Profile;

/**
 * The decompiler's exhaustive check: compile the profile back and compare the result with the
 * original filter, input by input, with {@link Equivalence} over every arch the profile lists.
 *
 * <p>The original is compared as the kernel reads it: return values the kernel treats alike
 * (ALLOW with data and ALLOW, ERRNO(5000) and ERRNO(4095)) are made equal first. The inputs of
 * x86_64 are split as libseccomp splits them: numbers from 0x40000000 up belong to x32 and are
 * compared only when the profile lists x32.
 */
public final class RoundTrip {
    private RoundTrip() {
    }

    /** Compiles a profile for its architectures, with the given bad-arch decision (null: the compiler's). */
    @FunctionalInterface
    public interface ProfileCompiler {
        BpfProgram compile(Profile profile, Decision badArch);
    }

    /**
     * The outcome.
     *
     * @param difference an input of a listed arch on which the two filters decide differently
     * @param exhaustive whether every comparison was a proof rather than a sample
     * @param cases      pairs of paths (or samples) compared in all
     */
    public record Outcome(Optional<Equivalence.Difference> difference, boolean exhaustive, long cases) {
        public boolean equivalent() {
            return difference.isEmpty() && exhaustive;
        }
    }

    /** Compiles {@code d}'s profile with {@code compiler} and compares it with {@code original}. */
    public static Outcome check(BpfProgram original, Decompilation d, ProfileCompiler compiler) {
        BpfProgram recompiled = compiler.compile(d.profile(), d.badArch().orElse(null));
        return compare(original, recompiled, d.profile().architectures(), d.skippedCallApart());
    }

    /**
     * Compares two filters on the inputs of {@code arches}, the original's return values read as
     * the kernel does; on the arches of {@code skipNrMinusOne}, without nr -1.
     */
    public static Outcome compare(BpfProgram original, BpfProgram recompiled, List<Arch> arches,
                                  List<Arch> skipNrMinusOne) {
        BpfProgram normal = normalized(original);
        long cases = 0;
        boolean exhaustive = true;
        for (Arch a : arches) {
            for (Domain region : Exploration.regions(a)) {
                Domain domain = skipNrMinusOne.contains(a) ? region.and(SECCOMP_DATA_NR, -1, Equivalence.Relation.NE, -1)
                        : region;
                Equivalence.Verdict v = Equivalence.compare(normal, recompiled, domain);
                cases += v.cases();
                exhaustive &= v.exhaustive();
                if (v.difference().isPresent()) {
                    return new Outcome(v.difference(), exhaustive, cases);
                }
            }
        }
        return new Outcome(Optional.empty(), exhaustive, cases);
    }

    /** The program with every {@code ret #k} returning the value of k's decision. */
    static BpfProgram normalized(BpfProgram program) {
        List<Insn> out = new ArrayList<>(program.size());
        for (Insn in : program.instructions()) {
            out.add(in.code() == (BPF_RET | BPF_K) ? new Insn(in.code(), in.jt(), in.jf(), Decision.ofReturn(in.k()).value()) : in);
        }
        return BpfProgram.of(out);
    }
}
