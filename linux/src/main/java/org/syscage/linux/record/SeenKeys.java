package org.syscage.linux.record;

import java.util.ArrayList;
import java.util.List;
import org.syscage.linux.ptrace.SyscallArguments;

/**
 * The distinct argument keys one syscall was called with on one arch, while recording: a small
 * open array searched linearly (a program uses a handful of socket types or ioctl requests), so
 * a key seen before costs a few comparisons and no allocation. Past {@link #CAP} distinct keys it
 * stops keeping them and only remembers that there were too many.
 */
final class SeenKeys {
    /** More distinct values than this and a rule per value says little: the syscall is allowed unrestricted. */
    static final int CAP = 64;

    private final DecidingArgument argument;
    private final int width;
    private long[] keys = new long[8];
    private int size;
    private boolean overflow;

    SeenKeys(DecidingArgument argument) {
        this.argument = argument;
        this.width = argument.parts().size();
    }

    void add(SyscallArguments args) {
        if (overflow) {
            return;
        }
        long k0 = argument.key(args, 0);
        long k1 = width > 1 ? argument.key(args, 1) : 0;
        for (int i = 0; i < size; i++) {
            if (keys[i * width] == k0 && (width == 1 || keys[i * width + 1] == k1)) {
                return;
            }
        }
        if (size == CAP) {
            overflow = true;
            return;
        }
        if ((size + 1) * width > keys.length) {
            keys = java.util.Arrays.copyOf(keys, keys.length * 2);
        }
        keys[size * width] = k0;
        if (width > 1) {
            keys[size * width + 1] = k1;
        }
        size++;
    }

    /** The keys in the order first seen. */
    List<List<Long>> keys() {
        List<List<Long>> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(width == 1 ? List.of(keys[i]) : List.of(keys[i * width], keys[i * width + 1]));
        }
        return out;
    }

    boolean overflow() {
        return overflow;
    }
}
