package org.syscage.linux.ptrace;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.proc.ExecutableArch;
import org.syscage.linux.seccomp.SeccompLoader;

/**
 * A system call, seen at its entry, that asks the kernel to put the calling thread into a seccomp
 * mode: {@code prctl(PR_SET_SECCOMP, mode, fprog)} or {@code seccomp(op, flags, fprog)}. Whether
 * it did is known only at the call's exit ({@link #succeeded}).
 */
sealed interface InstallRequest {
    int PR_SET_SECCOMP = 22;
    int SECCOMP_MODE_STRICT = 1;
    int SECCOMP_MODE_FILTER = 2;
    int SECCOMP_SET_MODE_STRICT = 0;
    int SECCOMP_SET_MODE_FILTER = 1;

    /** The arch of the call (which numbers and struct layout it uses). */
    Arch arch();

    /** The call as people read it, e.g. {@code seccomp(SECCOMP_SET_MODE_FILTER, TSYNC)}. */
    String call();

    /** Whether the call's result means the kernel installed it. */
    boolean succeeded(SyscallInfo.Exit exit);

    /** A filter: {@code fprog} is the address of a {@code struct sock_fprog} in the tracee. */
    record Filter(Arch arch, String call, long flags, long fprog) implements InstallRequest {
        @Override
        public boolean succeeded(SyscallInfo.Exit exit) {
            // With NEW_LISTENER the kernel returns the listener's fd; otherwise success is 0
            // (a positive TSYNC result names a thread that could not take the filter).
            return !exit.isError() && (exit.rval() == 0
                    || exit.rval() > 0 && (flags & SeccompLoader.Flag.NEW_LISTENER.bit()) != 0);
        }
    }

    /** Strict mode: no program, only read, write, _exit and sigreturn from then on. */
    record Strict(Arch arch, String call) implements InstallRequest {
        @Override
        public boolean succeeded(SyscallInfo.Exit exit) {
            return !exit.isError() && exit.rval() == 0;
        }
    }

    /** The request {@code entry} makes, if it is one of the calls that install seccomp. */
    static Optional<InstallRequest> of(SyscallInfo.Entry entry) {
        Optional<Arch> found = ExecutableArch.ofAuditArch(entry.auditArch());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Arch arch = found.get();
        if (arch == Arch.X86_64 && (entry.nr() & Arch.X32_SYSCALL_BIT) != 0) {
            arch = Arch.X32;
        }
        SyscallTable table = SyscallTable.of(arch);
        // The option, op, mode and flags are C ints (or unsigned ints), so only their low 32
        // bits count; a 32-bit tracee's unsigned long mode is 32 bits wide too.
        if (is(table.number("prctl"), entry.nr()) && (int) entry.arg(0) == PR_SET_SECCOMP) {
            long mode = arch.bits() == 32 ? entry.arg(1) & 0xffffffffL : entry.arg(1);
            if (mode == SECCOMP_MODE_STRICT) {
                return Optional.of(new Strict(arch, "prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT)"));
            }
            if (mode == SECCOMP_MODE_FILTER) {
                return Optional.of(new Filter(arch, "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", 0,
                        pointer(arch, entry.arg(2))));
            }
        }
        if (is(table.number("seccomp"), entry.nr())) {
            int op = (int) entry.arg(0);
            long flags = entry.arg(1) & 0xffffffffL;
            if (op == SECCOMP_SET_MODE_STRICT) {
                return Optional.of(new Strict(arch, "seccomp(SECCOMP_SET_MODE_STRICT" + flagText(flags) + ")"));
            }
            if (op == SECCOMP_SET_MODE_FILTER) {
                return Optional.of(new Filter(arch, "seccomp(SECCOMP_SET_MODE_FILTER" + flagText(flags) + ")",
                        flags, pointer(arch, entry.arg(2))));
            }
        }
        return Optional.empty();
    }

    /** Bytes of a user-space pointer in a tracee of {@code arch}: 4 for the ILP32 ABIs (x32 and n32 too). */
    static int pointerBytes(Arch arch) {
        return arch.bits() / 8;
    }

    private static long pointer(Arch arch, long value) {
        return pointerBytes(arch) == 4 ? value & 0xffffffffL : value;
    }

    private static boolean is(OptionalInt number, long nr) {
        return number.isPresent() && number.getAsInt() == nr;
    }

    /** {@code ", TSYNC|LOG"} for the flags set, names from SeccompLoader; unknown bits in hex. */
    private static String flagText(long flags) {
        if (flags == 0) {
            return "";
        }
        StringJoiner names = new StringJoiner("|", ", ", "");
        long rest = flags;
        for (SeccompLoader.Flag flag : SeccompLoader.Flag.values()) {
            if ((rest & flag.bit()) != 0) {
                names.add(flag.name());
                rest &= ~flag.bit();
            }
        }
        if (rest != 0) {
            names.add("0x" + Long.toHexString(rest));
        }
        return names.toString();
    }
}
