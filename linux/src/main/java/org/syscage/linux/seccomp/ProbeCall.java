package org.syscage.linux.seccomp;

import java.util.ArrayList;
import java.util.List;

/**
 * A raw system call for {@link KernelProbe} to make under a filter: a number as the host arch
 * numbers it and six arguments (missing ones are 0).
 *
 * <p>Choose calls that are harmless when the filter lets them through: getpid and getppid ignore
 * their arguments (so the filter can test any argument value on them), uname needs a buffer, an
 * unused number returns ENOSYS, and invalid fds make most fd calls fail with EBADF.
 */
public record ProbeCall(long nr, List<ProbeArg> args) {
    public static final int MAX_ARGS = 6;

    public ProbeCall {
        if (args.size() > MAX_ARGS) {
            throw new IllegalArgumentException("a system call takes at most 6 arguments, got " + args.size());
        }
        List<ProbeArg> padded = new ArrayList<>(args);
        while (padded.size() < MAX_ARGS) {
            padded.add(new ProbeArg.Value(0));
        }
        args = List.copyOf(padded);
    }

    /** A call whose arguments are all plain values. */
    public static ProbeCall of(long nr, long... args) {
        List<ProbeArg> list = new ArrayList<>();
        for (long a : args) {
            list.add(new ProbeArg.Value(a));
        }
        return new ProbeCall(nr, list);
    }

    /** The same call with argument {@code index} replaced. */
    public ProbeCall with(int index, ProbeArg arg) {
        List<ProbeArg> list = new ArrayList<>(args);
        list.set(index, arg);
        return new ProbeCall(nr, list);
    }
}
