package org.syscage.core.decompile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.SymbolicPaths;
import org.syscage.core.bpf.SymbolicPaths.Outside;
import org.syscage.core.bpf.SymbolicPaths.Path;
import org.syscage.core.bpf.SymbolicPaths.Returned;

/**
 * What a filter decides for one syscall number of one arch, as a function of the arguments:
 * the paths for that number, each a box of argument values with a decision.
 *
 * <p>A profile sees the arguments only: on 64-bit arches all 64 bits of each, on 32-bit arches
 * the low 32 bits (libseccomp compares nothing else there). The rest of seccomp_data that a
 * path may have tested - the instruction pointer, and on 32-bit arches the high words - is
 * dropped here; {@link #hiddenDependences()} says whether that loses anything, that is whether
 * two paths with different decisions share argument values.
 *
 * @param outside paths that left what the symbolic search follows (arithmetic on input, ...)
 */
record SyscallFunction(Arch arch, int nr, List<Piece> pieces, List<Outside> outside) {

    SyscallFunction {
        pieces = List.copyOf(pieces);
        outside = List.copyOf(outside);
    }

    /**
     * The argument width libseccomp compares on {@code arch}: its word size, so 32 on x32 too
     * (whose registers are 64-bit, but libseccomp checks their low halves only).
     */
    static int width(Arch arch) {
        return arch.bits();
    }

    /** The function of the paths the search found for (arch, nr). */
    static SyscallFunction of(Arch arch, int nr, List<Path> paths) {
        boolean le = arch.littleEndian();
        int width = width(arch);
        List<Piece> pieces = new ArrayList<>();
        List<Outside> outside = new ArrayList<>();
        for (Path p : paths) {
            switch (p) {
                case Returned r -> pieces.add(new Piece(region(r.words(), width, le), Decision.ofReturn(r.value()), r));
                case Outside o -> outside.add(o);
            }
        }
        return new SyscallFunction(arch, nr, pieces, outside);
    }

    static Region region(List<SymbolicPaths.WordValues> words, int width, boolean le) {
        ValueSet[] args = new ValueSet[Region.ARGS];
        for (int i = 0; i < Region.ARGS; i++) {
            ValueSet low = ValueSet.ofWord(words.get(Bpf.argLowOffset(i, le) / 4));
            args[i] = width == 32 ? low : ValueSet.ofWords(ValueSet.ofWord(words.get(Bpf.argHighOffset(i, le) / 4)), low);
        }
        return new Region(args);
    }

    int width() {
        return width(arch);
    }

    /** The one decision every path makes, when the arguments do not matter. */
    Optional<Decision> constant() {
        if (!outside.isEmpty() || pieces.isEmpty()) {
            return Optional.empty();
        }
        Decision d = pieces.getFirst().decision();
        for (Piece p : pieces) {
            if (!p.decision().equals(d)) {
                return Optional.empty();
            }
        }
        return Optional.of(d);
    }

    /** Two paths with different decisions for the same argument values. */
    record Dependence(Piece first, Piece second) {
    }

    /**
     * Pairs of paths that decide differently for the same arguments: the decision then rests on
     * what a profile cannot see (instruction pointer, high words on a 32-bit arch).
     */
    List<Dependence> hiddenDependences() {
        List<Dependence> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            for (int j = i + 1; j < pieces.size(); j++) {
                Piece a = pieces.get(i);
                Piece b = pieces.get(j);
                if (!a.decision().equals(b.decision()) && a.region().intersects(b.region())) {
                    out.add(new Dependence(a, b));
                }
            }
        }
        return out;
    }
}
