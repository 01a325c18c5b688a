package org.syscage.core.syscalls;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.syscage.core.arch.Arch;

/**
 * Which syscalls libseccomp routes through {@code socketcall(2)} and {@code ipc(2)}, with their
 * sub-call numbers, and on which arches it does so. The numbers are the kernel's
 * ({@code SYS_SOCKET} ... {@code SYS_SENDMMSG} in {@code linux/net.h}; {@code SEMOP} ...
 * {@code SHMCTL} in {@code linux/ipc.h}), which libseccomp encodes as its pseudo-syscall numbers
 * {@code __PNR_socket = -101} ... {@code __PNR_shmctl = -224}.
 */
final class SubCalls {
    private SubCalls() {}

    /**
     * The arches whose libseccomp arch definition sets {@code sys_socketcall}/{@code sys_ipc} and
     * adds rules through {@code abi_rule_add}: x86, m68k, mips (o32), ppc, ppc64, s390, s390x and
     * sh, each in both byte orders where libseccomp has two. Not x86_64, x32, arm (EABI), aarch64,
     * loongarch64, riscv64, parisc or the 64-bit MIPS ABIs, whose kernels have no multiplexer.
     */
    static final Set<Arch> MULTIPLEXING_ARCHES = EnumSet.of(
            Arch.X86, Arch.M68K, Arch.MIPS, Arch.MIPSEL, Arch.PPC, Arch.PPC64, Arch.PPC64LE,
            Arch.S390, Arch.S390X, Arch.SH, Arch.SHEB);

    /** Syscall name → {@code SYS_*} argument of {@code socketcall(2)}. */
    static final Map<String, Integer> SOCKETCALL = numbered(
            "socket", "bind", "connect", "listen", "accept", "getsockname", "getpeername",
            "socketpair", "send", "recv", "sendto", "recvfrom", "shutdown", "setsockopt",
            "getsockopt", "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg");

    /** Syscall name → first argument of {@code ipc(2)}; the numbers come in groups of ten. */
    static final Map<String, Integer> IPC = Map.ofEntries(
            Map.entry("semop", 1), Map.entry("semget", 2), Map.entry("semctl", 3), Map.entry("semtimedop", 4),
            Map.entry("msgsnd", 11), Map.entry("msgrcv", 12), Map.entry("msgget", 13), Map.entry("msgctl", 14),
            Map.entry("shmat", 21), Map.entry("shmdt", 22), Map.entry("shmget", 23), Map.entry("shmctl", 24));

    /** Numbers the names 1, 2, 3... in the order given, as the SYS_* constants are. */
    private static Map<String, Integer> numbered(String... names) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i + 1);
        }
        return Map.copyOf(m);
    }
}
