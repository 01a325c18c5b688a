package org.syscage.core.profile;

import java.util.List;

/**
 * One entry of a profile's {@code syscalls} list: the named syscalls get {@code action} when all
 * {@code args} conditions hold.
 *
 * @param names    syscall names (Docker's deprecated singular {@code name} is read into this list)
 * @param errnoRet the errno (ERRNO) or trace message (TRACE), or null when the profile gave none
 * @param comment  Docker's free-text comment, or null
 * @param includes Docker's conditions under which the rule applies ({@link Filter#EMPTY} if none)
 * @param excludes Docker's conditions under which the rule is dropped ({@link Filter#EMPTY} if none)
 */
public record SyscallRule(List<String> names, Action action, Integer errnoRet, List<ArgCondition> args,
                          String comment, Filter includes, Filter excludes) {
    public SyscallRule {
        names = List.copyOf(names);
        args = List.copyOf(args);
        if (action == null) {
            throw new IllegalArgumentException("action is required");
        }
        if (errnoRet != null && !action.carriesValue()) {
            throw new IllegalArgumentException("errnoRet is only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        }
        includes = includes == null ? Filter.EMPTY : includes;
        excludes = excludes == null ? Filter.EMPTY : excludes;
    }

    /** A plain OCI rule without Docker extensions. */
    public static SyscallRule of(List<String> names, Action action, ArgCondition... args) {
        return new SyscallRule(names, action, null, List.of(args), null, Filter.EMPTY, Filter.EMPTY);
    }

    /** Whether the rule uses any Docker-only field (includes, excludes). */
    public boolean hasDockerExtensions() {
        return !includes.isEmpty() || !excludes.isEmpty();
    }

    public SyscallRule withNames(List<String> newNames) {
        return new SyscallRule(newNames, action, errnoRet, args, comment, includes, excludes);
    }
}
