package org.syscage.core.profile;

import java.util.List;
import org.syscage.core.arch.Arch;

/** Docker's {@code archMap} entry: a native arch and the sub-arches a filter for it also covers. */
public record ArchMapEntry(Arch architecture, List<Arch> subArchitectures) {
    public ArchMapEntry {
        subArchitectures = List.copyOf(subArchitectures);
    }
}
