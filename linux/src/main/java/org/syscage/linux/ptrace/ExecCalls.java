package org.syscage.linux.ptrace;

import java.util.Optional;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.proc.ExecutableArch;

/**
 * Tells execve and execveat calls apart from the others by number, on the arch each call is made
 * in (an x86_64 process can make i386 calls), with the numbers of syscage's syscall tables.
 *
 * <p>It keeps the numbers of the last arch asked about: a tracee's calls are nearly all of one
 * arch, so a check at every system call stop costs two comparisons and allocates nothing.
 */
final class ExecCalls {
    private static final long NONE = -1;

    private boolean looked;
    private int auditArch;
    private long execve = NONE;
    private long execveat = NONE;

    /** Whether call {@code nr} of arch {@code auditArch} (an AUDIT_ARCH_* value) is execve or execveat. */
    boolean isExec(int auditArch, long nr) {
        if (!looked || auditArch != this.auditArch) {
            Optional<SyscallTable> table = ExecutableArch.ofAuditArch(auditArch).map(SyscallTable::of);
            execve = number(table, "execve");
            execveat = number(table, "execveat");
            this.auditArch = auditArch;
            looked = true;
        }
        return nr != NONE && (nr == execve || nr == execveat);
    }

    private static long number(Optional<SyscallTable> table, String name) {
        return table.map(t -> t.number(name)).filter(n -> n.isPresent()).map(n -> (long) n.getAsInt()).orElse(NONE);
    }
}
