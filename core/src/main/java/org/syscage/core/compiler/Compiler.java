package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.CacheAnalysis;
import org.syscage.core.bpf.Equivalence;
import org.syscage.core.bpf.Verifier;
import org.syscage.core.profile.Profile;

/**
 * Profile → classic BPF: the semantic stage ({@link SpecBuilder}, libseccomp's meaning as runc
 * feeds it), the optional ENOSYS stub ({@link EnosysStubs}), the optimizing code generator
 * ({@link BpfCodegen}) and, unless switched off, the proof: the kernel's checks
 * ({@link Verifier}) and the equivalence of the program with the plain reference program of the
 * spec ({@link Equivalence}).
 */
public final class Compiler {
    private Compiler() {
    }

    /**
     * A compiled profile.
     *
     * @param spec              what the filter decides
     * @param program           the optimized program
     * @param libseccompProgram the program libseccomp would generate (without the stub)
     * @param warnings          things the user should know (skipped names, libseccomp quirks hit)
     * @param stats             sizes, runs per arch, kernel-cacheable syscalls per arch
     */
    public record Result(FilterSpec spec, BpfProgram program, BpfProgram libseccompProgram,
                         List<String> warnings, Stats stats) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @param instructions  program length
     * @param arches        per AUDIT_ARCH value: how many runs its search tells apart
     * @param cacheable     per arch: syscalls (0..table max) the kernel's action cache will allow
     *                      without running the filter
     * @param check         how the program was checked against the spec
     */
    public record Stats(int instructions, List<BpfCodegen.ArchStats> arches, Map<Arch, Integer> cacheable,
                        Check check) {
    }

    /** How far the equivalence of program and spec was established. */
    public enum Check {
        /** Not checked ({@code --no-verify}). */
        SKIPPED,
        /** Proven for every input by symbolic search. */
        PROVEN,
        /**
         * Too many argument paths for the symbolic search: checked on the boundary values of every
         * constant of both programs, combined word by word and at random.
         */
        SAMPLED
    }

    public static Result compile(Profile profile, CompileOptions options) {
        return DeepStack.call(() -> compileHere(profile, options));
    }

    private static Result compileHere(Profile profile, CompileOptions options) {
        SpecBuilder.Result built = SpecBuilder.build(profile, options);
        List<String> warnings = new ArrayList<>(built.warnings());
        FilterSpec spec = built.spec();
        if (options.enosysStub()) {
            EnosysStubs.Applied applied = EnosysStubs.apply(spec, profile);
            spec = applied.spec();
            warnings.addAll(applied.warnings());
        }
        BpfProgram program = BpfCodegen.generate(spec);
        if (!options.enosysStub() && program.size() > built.libseccompProgram().size()) {
            program = noLongerThanLibseccomp(spec, program, built.libseccompProgram());
        }
        Check check = options.verify() ? verify(spec, program) : Check.SKIPPED;
        Map<Arch, Integer> cacheable = new LinkedHashMap<>();
        for (Arch a : spec.arches()) {
            cacheable.put(a, CacheAnalysis.cacheableSyscalls(program, a, SyscallTable.of(a).maxNumber()).cardinality());
        }
        Stats stats = new Stats(program.size(), BpfCodegen.stats(spec), cacheable, check);
        return new Result(spec, program, built.libseccompProgram(), warnings, stats);
    }

    /**
     * Speed can cost an instruction or two on a small profile; the program is never longer than
     * libseccomp's own for the same profile (the one runc would load; the ENOSYS stub adds code
     * libseccomp's does not have). First the shortest search this generator makes; when even that
     * is longer, libseccomp's program itself, provided the kernel caches every syscall with it that it caches
     * with syscage's.
     */
    private static BpfProgram noLongerThanLibseccomp(FilterSpec spec, BpfProgram fastest, BpfProgram libseccomp) {
        BpfProgram smallest = BpfCodegen.smallest(spec);
        BpfProgram best = smallest.size() < fastest.size() ? smallest : fastest;
        if (best.size() <= libseccomp.size()) {
            return best;
        }
        for (Arch a : spec.arches()) {
            int max = SyscallTable.of(a).maxNumber();
            java.util.BitSet lost = CacheAnalysis.cacheableSyscalls(best, a, max);
            lost.andNot(CacheAnalysis.cacheableSyscalls(libseccomp, a, max));
            if (!lost.isEmpty()) {
                return best;
            }
        }
        return libseccomp;
    }

    /**
     * The kernel's checks, then a proof that the program decides exactly like the plain
     * reference program of the spec. A failure here is a bug of the compiler, not of the input.
     */
    static Check verify(FilterSpec spec, BpfProgram program) {
        Verifier.verify(program);
        BpfProgram reference = ReferenceCodegen.generate(spec);
        boolean little = spec.dispatches().isEmpty() || spec.dispatches().getFirst().littleEndian();
        Equivalence.Verdict v = Equivalence.compare(program, reference, Equivalence.Domain.anyInput(little));
        if (v.difference().isPresent()) {
            throw new IllegalStateException("internal error: the optimized program differs from the reference on "
                    + v.difference().get());
        }
        return v.exhaustive() ? Check.PROVEN : Check.SAMPLED;
    }
}
