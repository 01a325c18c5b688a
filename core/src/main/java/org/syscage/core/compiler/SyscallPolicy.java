package org.syscage.core.compiler;

/** What a filter decides for one syscall number of one arch. */
public sealed interface SyscallPolicy permits SyscallPolicy.Fixed, SyscallPolicy.ByArguments {

    /** Always this action, whatever the arguments. */
    record Fixed(int action) implements SyscallPolicy {
    }

    /** Decided by argument tests; the filter's default action when none decides. */
    record ByArguments(ArgTests tests) implements SyscallPolicy {
    }
}
