package org.syscage.core.decompile;

import static org.syscage.core.bpf.Bpf.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.SymbolicPaths.Path;
import org.syscage.core.bpf.SymbolicPaths.WordValues;

/**
 * Which arches a profile for the filter lists, and what the filter does with the others: one
 * decision for arch values no architecture has is the filter's bad-arch action; an arch belongs
 * in the profile when some of its syscalls get anything else.
 *
 * @param arches  the arches to write the profile for
 * @param badArch the decision of foreign arches, when there is one
 * @param notes   what the profile leaves to the bad-arch action
 * @param findings arch values no architecture has that the filter tests apart
 */
record ArchSurvey(List<Arch> arches, Optional<Decision> badArch, List<String> notes, List<Finding> findings) {

    static ArchSurvey of(Exploration x, List<Arch> requested) {
        List<Path> foreign = x.explore(x.foreignArches());
        Optional<Decision> badArch = Exploration.uniform(foreign);
        List<String> notes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        boolean testsArch = x.all().stream().anyMatch(p -> !p.words().get(SECCOMP_DATA_ARCH / 4).isEverything());
        List<Arch> arches = choose(x, requested, foreign, badArch, testsArch, notes);
        if (badArch.isPresent()) {
            notes.add("syscalls of arches the profile does not list get " + badArch.get()
                    + " from the filter: compile the profile with that bad-arch action (a profile cannot hold it)");
        } else {
            notes.add("the filter decides syscalls of arches the profile does not list by more than their arch; "
                    + "the profile's compiled filter gives them its bad-arch action");
            for (Path p : foreign) {
                WordValues arch = p.words().get(SECCOMP_DATA_ARCH / 4);
                if (testsArch && arch.ranges().size() == 1 && arch.maskedTests().isEmpty()
                        && arch.ranges().getFirst().low() == arch.ranges().getFirst().high()) {
                    findings.add(new Finding(Finding.Kind.UNKNOWN_ARCH, String.format(
                            "the filter tests arch == 0x%08x, which no architecture syscage knows has", arch.witness()),
                            List.of()));
                    break;
                }
            }
        }
        if (arches.contains(Arch.X86_64) && !arches.contains(Arch.X32)) {
            Optional<Decision> x32 = Exploration.uniform(x.explore(Exploration.regions(Arch.X32)));
            if (!x32.equals(badArch) || badArch.isEmpty()) {
                notes.add("x32 syscalls (AUDIT_ARCH_X86_64, numbers with bit 30) get "
                        + x32.map(Decision::toString).orElse("decisions that vary") + " from the filter; the profile "
                        + "lists x86_64 without x32, so its compiled filter gives them the bad-arch action "
                        + "(add -a x32 to decompile them too)");
            }
        }
        return new ArchSurvey(arches, badArch, notes, findings);
    }

    private static List<Arch> choose(Exploration x, List<Arch> requested, List<Path> foreign,
                                     Optional<Decision> badArch, boolean testsArch, List<String> notes) {
        if (!requested.isEmpty()) {
            return requested;
        }
        List<Arch> sameOrder = java.util.Arrays.stream(Arch.values())
                .filter(a -> a.littleEndian() == x.littleEndian()).toList();
        if (!testsArch) {
            Arch host = Arch.host();
            Arch chosen = host.littleEndian() == x.littleEndian() ? host : sameOrder.getFirst();
            notes.add("the filter never tests seccomp_data.arch, so it decides alike for every arch; the profile is "
                    + "written for " + chosen + " (choose others with -a)");
            return List.of(chosen);
        }
        List<Arch> out = new ArrayList<>();
        if (badArch.isPresent()) {
            for (Arch a : sameOrder) {
                if (!Exploration.uniform(x.explore(Exploration.regions(a))).equals(badArch)) {
                    out.add(a);
                }
            }
            return out;
        }
        // No single bad-arch decision: take the arches the filter singles out by their arch value.
        int foreignValue = foreign.getFirst().words().get(SECCOMP_DATA_ARCH / 4).witness();
        for (Arch a : sameOrder) {
            if (a == Arch.X32) {
                continue;
            }
            for (Path p : x.all()) {
                WordValues arch = p.words().get(SECCOMP_DATA_ARCH / 4);
                if (arch.contains(a.auditArch()) && !arch.contains(foreignValue)) {
                    out.add(a);
                    break;
                }
            }
        }
        return out;
    }
}
