package org.syscage.core.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.compiler.SyscallPolicy;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Which input of a merge already lets each syscall through as far as every other input does,
 * judged on the filters runc would build (all inputs compiled for the same arches) with {@link
 * DecisionOrder}, so the judgement is what libseccomp decides, overlapping rules included. Where
 * one input covers the others, its own rules for that syscall are the exact union: this is what
 * makes the merge of a profile with itself that profile.
 *
 * <p>Syscalls that meet in one multiplexer (socketcall, ipc) on one of the arches are judged
 * together, since their rules decide the multiplexer's number together.
 */
final class Coverage {
    private final List<Compiler.Result> filters;
    private final List<Integer> candidates;
    private final List<Arch> arches;

    private Coverage(List<Compiler.Result> filters, List<Integer> candidates, List<Arch> arches) {
        this.filters = filters;
        this.candidates = candidates;
        this.arches = arches;
    }

    /**
     * The inputs compiled for the native arch and every listed one. Only inputs whose default is
     * the merge's may give their rules (rules equal to another default would change meaning).
     * Empty when the inputs cannot share one filter (byte orders mixed), so nothing is judged.
     */
    static Optional<Coverage> of(List<Profile> profiles, List<ProfileDecisions> inputs, Verdict byDefault,
                                 Arch nativeArch, List<Arch> listed) {
        LinkedHashSet<Arch> arches = new LinkedHashSet<>();
        arches.add(nativeArch);
        arches.addAll(listed);
        List<Compiler.Result> filters = new ArrayList<>();
        try {
            for (Profile p : profiles) {
                filters.add(ProfileDiff.compile(p, nativeArch, List.copyOf(arches)));
            }
        } catch (InputException e) {
            return Optional.empty();
        }
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).defaultVerdict().equals(byDefault)) {
                candidates.add(i);
            }
        }
        return Optional.of(new Coverage(filters, candidates, List.copyOf(arches)));
    }

    /** For each name whose union is one input's rules: that input's index (the first that covers). */
    Map<String, Integer> keptRules(Set<String> names) {
        Map<String, List<String>> units = new LinkedHashMap<>();
        names.forEach(n -> units.computeIfAbsent(unit(n), k -> new ArrayList<>()).add(n));
        Map<String, Integer> kept = new LinkedHashMap<>();
        units.forEach((unit, unitNames) -> {
            List<SyscallCells.Cell> cells = new ArrayList<>();
            for (Arch a : arches) {
                SyscallCells.of(a).stream().filter(c -> unit(c.name()).equals(unit)).forEach(cells::add);
            }
            if (cells.isEmpty()) {
                return; // no arch of the filter has these syscalls: nothing to judge them by
            }
            candidates.stream().filter(i -> coversOthers(i, cells)).findFirst()
                    .ifPresent(i -> unitNames.forEach(n -> kept.put(n, i)));
        });
        return kept;
    }

    /** socketcall or ipc for a name some arch of the filter reaches through it, else the name. */
    private String unit(String name) {
        for (Arch a : arches) {
            var m = SyscallTable.of(a).multiplexed(name);
            if (m.isPresent()) {
                return m.get().via();
            }
        }
        return name;
    }

    private boolean coversOthers(int wide, List<SyscallCells.Cell> cells) {
        for (int other = 0; other < filters.size(); other++) {
            if (other == wide) {
                continue;
            }
            for (SyscallCells.Cell cell : cells) {
                if (whereBelow(filters.get(wide), filters.get(other), cell).isPresent()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** An input of the cell on which {@code wide} is more restrictive than {@code narrow}. */
    static Optional<SeccompData> whereBelow(Compiler.Result wide, Compiler.Result narrow, SyscallCells.Cell cell) {
        SyscallPolicy pw = wide.spec().dispatch(cell.arch()).orElseThrow().policy(cell.nr());
        SyscallPolicy pn = narrow.spec().dispatch(cell.arch()).orElseThrow().policy(cell.nr());
        if (!cell.subCall() && pw instanceof SyscallPolicy.Fixed fw && pn instanceof SyscallPolicy.Fixed fn) {
            return Verdict.ofFilterReturn(fw.action()).atLeast(Verdict.ofFilterReturn(fn.action()))
                    ? Optional.empty() : Optional.of(SeccompData.of(cell.arch(), cell.nr()));
        }
        return DecisionOrder.whereBelow(wide.program(), narrow.program(), cell.domain());
    }
}
