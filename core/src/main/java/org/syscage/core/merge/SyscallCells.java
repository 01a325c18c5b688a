package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.Equivalence.Domain;
import org.syscage.core.bpf.Equivalence.Relation;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The inputs of one arch, grouped by the syscall the kernel runs for them, so that what two
 * filters decide can be told per syscall name. A direct syscall is one number. Where the arch has
 * socketcall(2) or ipc(2), the multiplexer's number is split by its first argument: each sub-call
 * ({@code recv} on x86 is socketcall with arg0 == 10) is a cell of its own, and the other values
 * of arg0 stay with the multiplexer's name.
 */
final class SyscallCells {
    private SyscallCells() {}

    /**
     * Inputs of {@code arch} that run syscall {@code name}.
     *
     * @param nr     the number the filter sees (the multiplexer's for a sub-call)
     * @param via    the multiplexer a sub-call goes through ({@code socketcall}), else null
     * @param domain the inputs; each cell of an arch is disjoint from the others
     */
    record Cell(String name, Arch arch, int nr, String via, Domain domain) {
        /** Whether argument 0 only selects the sub-call, so that it says nothing about the call itself. */
        boolean subCall() {
            return via != null;
        }
    }

    private static final Map<Arch, List<Cell>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every syscall of the arch (direct and multiplexed), by name, then multiplexer cells. */
    static List<Cell> of(Arch arch) {
        return CACHE.computeIfAbsent(arch, SyscallCells::build);
    }

    private static List<Cell> build(Arch arch) {
        SyscallTable table = SyscallTable.of(arch);
        Domain all = Domain.of(arch);
        boolean le = arch.littleEndian();
        Map<Integer, List<Integer>> callsByMultiplexer = new TreeMap<>();
        Map<Integer, String> multiplexerNames = new TreeMap<>();
        List<Cell> cells = new ArrayList<>();
        for (String name : table.names()) {
            table.multiplexed(name).ifPresent(m -> {
                callsByMultiplexer.computeIfAbsent(m.viaNumber(), k -> new ArrayList<>()).add(m.call());
                multiplexerNames.put(m.viaNumber(), m.via());
                cells.add(new Cell(name, arch, m.viaNumber(), m.via(), all.withNr(m.viaNumber())
                        .and(Bpf.argLowOffset(0, le), -1, Relation.EQ, m.call())
                        .and(Bpf.argHighOffset(0, le), -1, Relation.EQ, 0)));
            });
        }
        for (String name : table.names()) {
            OptionalInt nr = table.number(name);
            if (nr.isPresent() && !callsByMultiplexer.containsKey(nr.getAsInt())) {
                cells.add(new Cell(name, arch, nr.getAsInt(), null, all.withNr(nr.getAsInt())));
            }
        }
        callsByMultiplexer.forEach((nr, calls) -> {
            String name = table.name(nr).orElse(multiplexerNames.get(nr));
            for (Domain d : otherFirstArguments(all.withNr(nr), calls, le)) {
                cells.add(new Cell(name, arch, nr, null, d));
            }
        });
        return List.copyOf(cells);
    }

    /** The multiplexer's inputs whose first argument is none of the sub-call numbers. */
    private static List<Domain> otherFirstArguments(Domain multiplexer, List<Integer> calls, boolean le) {
        int low = Bpf.argLowOffset(0, le);
        int high = Bpf.argHighOffset(0, le);
        List<Domain> out = new ArrayList<>();
        out.add(multiplexer.and(high, -1, Relation.NE, 0));
        Domain lowWordOnly = multiplexer.and(high, -1, Relation.EQ, 0);
        long from = 0;
        for (int call : calls.stream().sorted().distinct().toList()) {
            if (call > from) {
                out.add(lowWordOnly.and(low, -1, Relation.GE, (int) from).and(low, -1, Relation.LE, call - 1));
            }
            from = call + 1L;
        }
        out.add(lowWordOnly.and(low, -1, Relation.GE, (int) from));
        return out;
    }
}
