package org.syscage.core.explain;

import java.util.Arrays;
import java.util.Objects;
import org.syscage.core.docker.ResolveOptions;

/**
 * What to explain: one syscall, by name or number, with up to six argument values (missing ones
 * count as 0), in a container (its arch is the arch runc runs on; a Docker-format profile is
 * resolved for its arch, kernel and capabilities).
 *
 * @param syscall   a name ({@code get_mempolicy}) or a number on the container's arch ({@code 239})
 * @param args      argument values, unsigned 64-bit in longs; may be shorter than 6
 * @param container the container
 */
public record ExplainRequest(String syscall, long[] args, ResolveOptions container) {
    public static final int MAX_ARGS = 6;

    public ExplainRequest {
        Objects.requireNonNull(syscall, "syscall");
        Objects.requireNonNull(container, "container");
        if (args.length > MAX_ARGS) {
            throw new IllegalArgumentException("at most " + MAX_ARGS + " arguments, got " + args.length);
        }
        args = args.clone();
    }

    /** A copy of the arguments, padded with zeros to six. */
    public long[] args() {
        return Arrays.copyOf(args, MAX_ARGS);
    }

    /** How many arguments were given. */
    public int argCount() {
        return args.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExplainRequest r && r.syscall.equals(syscall) && Arrays.equals(r.args, args)
                && r.container.equals(container);
    }

    @Override
    public int hashCode() {
        return Objects.hash(syscall, Arrays.hashCode(args), container);
    }

    @Override
    public String toString() {
        return "ExplainRequest[" + syscall + Arrays.toString(args) + ", " + container + "]";
    }
}
