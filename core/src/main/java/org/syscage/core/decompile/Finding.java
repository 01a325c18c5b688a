package org.syscage.core.decompile;

import java.util.List;

/**
 * Something of the filter that the profile does not reproduce, in words: a one-line summary and
 * the detail lines (paths with their instructions, the numbers concerned).
 */
public record Finding(Kind kind, String summary, List<String> details) {
    public Finding {
        details = List.copyOf(details);
    }

    public enum Kind {
        /** A path works on what a profile cannot see or say: arithmetic, two words compared, ret a. */
        INEXPRESSIBLE_PATH,
        /** Paths that differ only in the instruction pointer (or a high word a 32-bit arch ignores). */
        HIDDEN_INPUT,
        /** A decision no profile action gives (TRAP with data). */
        INEXPRESSIBLE_ACTION,
        /** Syscall numbers without a name that do not get the default. */
        UNNAMED_NUMBERS,
        /** A syscall name decided differently on two arches, which one rule cannot do. */
        ARCH_CONFLICT,
        /** A rule for a socket or IPC call would also change socketcall/ipc, and the filter disagrees. */
        MULTIPLEXER_CONFLICT,
        /** An arch value that no architecture has is tested and decided apart. */
        UNKNOWN_ARCH,
        /** The filter is too large or intricate to explore, or its rules too many, within the limits. */
        TOO_COMPLEX,
        /** The compiler, which reproduces libseccomp 2.5, miscompiles the rules, and no plainer form fits. */
        MISCOMPILED,
        /** The check of the profile against the filter found a difference (a bug of the decompiler). */
        CHECK_FAILED
    }

    /** The finding as text: the summary, then the details indented. */
    public String render() {
        StringBuilder b = new StringBuilder(summary).append('\n');
        for (String d : details) {
            b.append("    ").append(d).append('\n');
        }
        return b.toString();
    }
}
