package org.syscage.linux.record;

import java.util.Objects;
import org.syscage.core.arch.Arch;

/**
 * One syscall a recorded command made on one arch.
 *
 * @param arch       the arch of the calls (i386 for {@code int 0x80} calls of an x86_64 program)
 * @param name       the syscall's name on that arch
 * @param count      how many times it was called
 * @param firstPid   the thread id that called it first
 * @param executable the program that thread was running then ({@code /proc/PID/exe}), or
 *                   {@code "?"} when it could not be read
 */
public record RecordedSyscall(Arch arch, String name, long count, int firstPid, String executable) {
    public RecordedSyscall {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(executable, "executable");
    }
}
