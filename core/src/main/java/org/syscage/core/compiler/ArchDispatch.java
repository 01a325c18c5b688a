package org.syscage.core.compiler;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.syscage.core.arch.Arch;

/**
 * What a filter decides for every syscall number of one AUDIT_ARCH value: a partition of the
 * 2^32 numbers into runs, each with one policy. x86_64 and x32 share AUDIT_ARCH_X86_64, so one
 * dispatch may serve both ABIs (x32's numbers carry bit 30).
 *
 * @param auditArch the {@code seccomp_data.arch} value
 * @param abis      the arches of the filter with this value, in filter order
 * @param runs      key: the first number of a run (ordered unsigned); the run ends where the
 *                  next begins; the first key is 0
 */
public record ArchDispatch(int auditArch, List<Arch> abis, NavigableMap<Integer, SyscallPolicy> runs) {
    public ArchDispatch {
        abis = List.copyOf(abis);
        TreeMap<Integer, SyscallPolicy> sorted = new TreeMap<>(Integer::compareUnsigned);
        sorted.putAll(runs);
        if (sorted.isEmpty() || sorted.firstKey() != 0) {
            throw new IllegalArgumentException("the runs must start at syscall number 0");
        }
        runs = Collections.unmodifiableNavigableMap(sorted);
    }

    public boolean littleEndian() {
        return abis.getFirst().littleEndian();
    }

    /** The policy for one syscall number. */
    public SyscallPolicy policy(int nr) {
        return runs.floorEntry(nr).getValue();
    }

    /** The last number of the run that starts at {@code start}. */
    public int runEnd(int start) {
        Map.Entry<Integer, SyscallPolicy> next = runs.higherEntry(start);
        return next == null ? -1 : next.getKey() - 1;
    }

    /** A copy where the numbers lo..hi (unsigned, inclusive) have {@code policy}. */
    public ArchDispatch with(int lo, int hi, SyscallPolicy policy) {
        TreeMap<Integer, SyscallPolicy> m = new TreeMap<>(Integer::compareUnsigned);
        m.putAll(runs);
        SyscallPolicy after = hi == -1 ? null : m.floorEntry(hi + 1).getValue();
        m.subMap(lo, true, hi, true).clear();
        m.put(lo, policy);
        if (hi != -1) {
            m.put(hi + 1, after);
        }
        return new ArchDispatch(auditArch, abis, m);
    }
}
