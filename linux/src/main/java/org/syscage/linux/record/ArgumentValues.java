package org.syscage.linux.record;

import java.util.List;
import java.util.Objects;
import org.syscage.core.arch.Arch;

/**
 * The argument keys one syscall was seen with on one arch ({@code record --args}).
 *
 * @param arch     the arch of the calls
 * @param name     the syscall
 * @param argument how its arguments were reduced to keys
 * @param keys     each distinct key, its parts named by {@link DecidingArgument#parts()}, in the
 *                 order first seen; unsigned 64-bit values held in longs
 * @param overflow whether more than {@link #CAP} distinct keys were seen (then only the first
 *                 {@code CAP} are listed, and the syscall is not restricted)
 */
public record ArgumentValues(Arch arch, String name, DecidingArgument argument, List<List<Long>> keys,
                             boolean overflow) {
    /** The most distinct keys kept per syscall and arch. */
    public static final int CAP = SeenKeys.CAP;

    public ArgumentValues {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argument, "argument");
        keys = keys.stream().map(List::copyOf).toList();
        for (List<Long> k : keys) {
            if (k.size() != argument.parts().size()) {
                throw new IllegalArgumentException(name + ": a key has " + k.size() + " parts, expected "
                        + argument.parts().size() + " " + argument.parts());
            }
        }
    }
}
