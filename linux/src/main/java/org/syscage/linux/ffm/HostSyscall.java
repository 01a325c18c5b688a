package org.syscage.linux.ffm;

import java.util.Locale;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The few system calls the kernel layer makes by number itself, numbered for the arch this JVM
 * runs on through syscage's syscall tables.
 */
public enum HostSyscall {
    EXIT,
    EXIT_GROUP,
    GETPID,
    GETPPID,
    GETTID,
    UNAME,
    CLOSE,
    PPOLL,
    SECCOMP,
    PTRACE,
    WAIT4,
    KILL;

    private final String syscallName = name().toLowerCase(Locale.ROOT);

    /** This syscall's number on the host arch. */
    public long number() {
        return SyscallTable.of(Arch.host()).number(syscallName).orElseThrow(() ->
                new UnsupportedOperationException(syscallName + " is not a direct syscall on " + Arch.host()));
    }
}
