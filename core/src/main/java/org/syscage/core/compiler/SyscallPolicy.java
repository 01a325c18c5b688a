package org.syscage.core.compiler;

/** What a filter decides for a run of syscall numbers of one arch. */
public sealed interface SyscallPolicy permits SyscallPolicy.Fixed, SyscallPolicy.ByArguments {

    /** Always this action, whatever the arguments. */
    record Fixed(int action, Decision.Reason reason) implements SyscallPolicy {
    }

    /** Decided by argument tests. */
    record ByArguments(ArgNode tests) implements SyscallPolicy {
    }
}
