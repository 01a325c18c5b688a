package org.syscage.core.explain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.SourceLocation;

/**
 * Which rule decides a syscall in a container, why, and the smallest change that would allow it.
 *
 * @param syscall   the syscall's name
 * @param arch      the arch it was looked at on
 * @param number    its number there (for a name reached only through socketcall/ipc, the multiplexer's)
 * @param args      the arguments, six values
 * @param argCount  how many of them were given
 * @param container the container
 * @param decision  the filter's answer
 * @param decidedAt where the deciding rule (or defaultAction) was written, if known
 * @param summary   one sentence, e.g. "get_mempolicy is allowed only with CAP_SYS_NICE (includes.caps);
 *                  this container lacks it → ERRNO(1) EPERM by defaultAction"
 * @param reasons   the steps that led there, one per rule naming the syscall, then the default
 * @param changes   the smallest changes that would allow the call, most direct first; empty when
 *                  it is allowed already
 */
public record Explanation(String syscall, Arch arch, int number, long[] args, int argCount, ResolveOptions container,
                          Decision decision, Optional<SourceLocation> decidedAt, String summary, List<Reason> reasons,
                          List<String> changes) {
    public Explanation {
        Objects.requireNonNull(syscall, "syscall");
        args = args.clone();
        reasons = List.copyOf(reasons);
        changes = List.copyOf(changes);
    }

    @Override
    public long[] args() {
        return args.clone();
    }

    /** One step of the explanation, with where the rule it is about was written (if it is about one). */
    public record Reason(Optional<SourceLocation> at, String text) {
        public Reason {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Whether the call runs (ALLOW or LOG). */
    public boolean allowed() {
        return decision.verdict().allows();
    }
}
