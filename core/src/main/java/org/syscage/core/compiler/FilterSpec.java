package org.syscage.core.compiler;

import java.util.List;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.SeccompData;

/**
 * The meaning of a compiled filter, independent of its code: per AUDIT_ARCH value, what every
 * syscall number gets; anything else gets the bad-arch action. {@link #decide} is the reference
 * semantics every generated program must match.
 *
 * @param defaultAction what a syscall no rule decides gets
 * @param badArchAction what a syscall of an arch not in the filter gets
 * @param dispatches    one per AUDIT_ARCH value, in the order the filter checks them
 */
public record FilterSpec(int defaultAction, int badArchAction, List<ArchDispatch> dispatches) {
    public FilterSpec {
        dispatches = List.copyOf(dispatches);
    }

    public Optional<ArchDispatch> dispatch(int auditArch) {
        return dispatches.stream().filter(d -> d.auditArch() == auditArch).findFirst();
    }

    /** The dispatch serving an arch (x32 and x86_64 share one). */
    public Optional<ArchDispatch> dispatch(Arch arch) {
        return dispatches.stream().filter(d -> d.abis().contains(arch)).findFirst();
    }

    /** The filter's arches, in filter order. */
    public List<Arch> arches() {
        return dispatches.stream().flatMap(d -> d.abis().stream()).toList();
    }

    /** What the filter decides for a syscall. */
    public Decision decide(SeccompData data) {
        Optional<ArchDispatch> d = dispatch(data.arch());
        if (d.isEmpty()) {
            return new Decision(badArchAction, Decision.Reason.BAD_ARCH);
        }
        boolean little = d.get().littleEndian();
        return switch (d.get().policy(data.nr())) {
            case SyscallPolicy.Fixed f -> new Decision(f.action(), f.reason());
            case SyscallPolicy.ByArguments b -> {
                ArgNode.Return r = ArgNode.evaluate(b.tests(), offset -> data.word(offset, little));
                yield new Decision(r.action(), r.reason());
            }
        };
    }

    /** {@link #decide} for a syscall of a given arch. */
    public Decision decide(Arch arch, int nr, long... args) {
        return decide(SeccompData.of(arch, nr, args));
    }

    public FilterSpec withDispatches(List<ArchDispatch> newDispatches) {
        return new FilterSpec(defaultAction, badArchAction, newDispatches);
    }
}
