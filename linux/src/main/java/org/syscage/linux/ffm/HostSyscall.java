package org.syscage.linux.ffm;

import java.util.Map;
import org.syscage.core.arch.Arch;

/**
 * The few system calls the kernel layer makes by number itself, numbered for the arch this JVM
 * runs on. Numbers from the kernel's syscall tables (as in libseccomp's syscalls.csv).
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
    SECCOMP;

    // Columns follow the constant order above.
    private static final long[] X86_64 = {60, 231, 39, 110, 186, 63, 3, 271, 317};
    /** asm-generic numbering, shared by aarch64, riscv64 and loongarch64. */
    private static final long[] GENERIC = {93, 94, 172, 173, 178, 160, 57, 73, 277};
    private static final long[] PPC64 = {1, 234, 20, 64, 207, 122, 6, 281, 358};
    private static final long[] S390X = {1, 248, 20, 64, 236, 122, 6, 302, 348};

    private static final Map<Arch, long[]> BY_ARCH = Map.of(
            Arch.X86_64, X86_64,
            Arch.AARCH64, GENERIC,
            Arch.RISCV64, GENERIC,
            Arch.LOONGARCH64, GENERIC,
            Arch.PPC64LE, PPC64,
            Arch.PPC64, PPC64,
            Arch.S390X, S390X);

    /** This syscall's number on the host arch. */
    public long number() {
        long[] table = BY_ARCH.get(Arch.host());
        if (table == null) {
            throw new UnsupportedOperationException("no syscall numbers for host arch " + Arch.host());
        }
        return table[ordinal()];
    }
}
