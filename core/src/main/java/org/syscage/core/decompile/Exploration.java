package org.syscage.core.decompile;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Equivalence.Condition;
import org.syscage.core.bpf.Equivalence.Domain;
import org.syscage.core.bpf.Equivalence.Relation;
import org.syscage.core.bpf.SymbolicPaths;
import org.syscage.core.bpf.SymbolicPaths.Path;
import org.syscage.core.bpf.SymbolicPaths.Returned;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The symbolic runs of one filter the decompiler makes, with the domains it makes them over: an
 * arch (split as libseccomp splits x86_64 and x32), one syscall number, the numbers without a
 * name, the arch values no architecture has.
 */
final class Exploration {
    /** Instructions one symbolic run may interpret; filters beyond it are reported as too complex. */
    private static final long STEP_BUDGET = 20_000_000L;

    /** A symbolic run went beyond its budget. */
    static final class GaveUp extends RuntimeException {
        GaveUp(String why) {
            super(why, null, false, false);
        }
    }

    private final BpfProgram program;
    private final boolean littleEndian;
    private long paths;
    private List<Path> all;

    Exploration(BpfProgram program, boolean littleEndian) {
        this.program = program;
        this.littleEndian = littleEndian;
    }

    BpfProgram program() {
        return program;
    }

    boolean littleEndian() {
        return littleEndian;
    }

    /** Paths explored so far. */
    long paths() {
        return paths;
    }

    List<Path> explore(Domain domain) {
        try {
            List<Path> found = SymbolicPaths.explore(program, domain, STEP_BUDGET);
            paths += found.size();
            return found;
        } catch (SymbolicPaths.TooComplex e) {
            throw new GaveUp(e.getMessage());
        }
    }

    List<Path> explore(List<Domain> domains) {
        List<Path> out = new ArrayList<>();
        for (Domain d : domains) {
            out.addAll(explore(d));
        }
        return out;
    }

    /** Every path over every input: what the filter does with no word known. */
    List<Path> all() {
        if (all == null) {
            all = explore(Domain.anyInput(littleEndian));
        }
        return all;
    }

    /** The one decision every path makes, if there is one (a path outside the fragment makes none). */
    static Optional<Decision> uniform(List<Path> paths) {
        Decision d = null;
        for (Path p : paths) {
            if (!(p instanceof Returned r)) {
                return Optional.empty();
            }
            Decision here = Decision.ofReturn(r.value());
            if (d != null && !d.equals(here)) {
                return Optional.empty();
            }
            d = here;
        }
        return Optional.ofNullable(d);
    }

    /**
     * The inputs of an arch, as libseccomp splits AUDIT_ARCH_X86_64 between x86_64 and x32:
     * numbers from 0x40000000 up are x32's, except -1 (what a tracer leaves for a skipped call),
     * which stays with x86_64.
     */
    static List<Domain> regions(Arch a) {
        Domain d = Domain.of(a);
        return switch (a) {
            case X86_64 -> List.of(d.and(SECCOMP_DATA_NR, -1, Relation.LT, Arch.X32_SYSCALL_BIT), d.withNr(-1));
            case X32 -> List.of(Domain.of(Arch.X86_64).and(SECCOMP_DATA_NR, -1, Relation.GE, Arch.X32_SYSCALL_BIT)
                    .and(SECCOMP_DATA_NR, -1, Relation.NE, -1));
            default -> List.of(d);
        };
    }

    /** The arch values no architecture has. */
    Domain foreignArches() {
        List<Condition> c = new ArrayList<>();
        for (int audit : new java.util.TreeSet<>(java.util.Arrays.stream(Arch.values()).map(Arch::auditArch).toList())) {
            c.add(new Condition(SECCOMP_DATA_ARCH, -1, Relation.NE, audit));
        }
        return new Domain(littleEndian, c);
    }

    /** Named numbers of an arch: number to name, one name per number. */
    static TreeMap<Integer, String> named(Arch a) {
        SyscallTable t = SyscallTable.of(a);
        TreeMap<Integer, String> out = new TreeMap<>();
        for (String name : t.names()) {
            t.number(name).ifPresent(n -> out.putIfAbsent(n, name));
        }
        return out;
    }

    /** The paths of an arch's numbers that no syscall table names. */
    List<Path> unnamed(Arch a, Set<Integer> named) {
        List<Path> out = new ArrayList<>();
        for (Domain region : regions(a)) {
            List<Condition> c = new ArrayList<>(region.conditions());
            for (int n : named) {
                c.add(new Condition(SECCOMP_DATA_NR, -1, Relation.NE, n));
            }
            out.addAll(explore(new Domain(littleEndian, c)));
        }
        return out;
    }
}
