package org.syscage.core.compiler;

import java.util.Map;
import java.util.Optional;

/**
 * Socket and SysV IPC syscalls that old ABIs reach through one multiplexer ({@code socketcall(2)}
 * with the call number in its first argument, {@code ipc(2)} likewise). libseccomp adds a rule
 * for the multiplexer beside the direct syscall on every arch that has the multiplexer.
 * Call numbers: linux/net.h (SYS_SOCKET...) and linux/ipc.h (SEMOP...).
 */
final class Multiplexing {
    record Via(String multiplexer, int call) {
    }

    private static final Map<String, Integer> SOCKETCALL = Map.ofEntries(
            Map.entry("socket", 1), Map.entry("bind", 2), Map.entry("connect", 3), Map.entry("listen", 4),
            Map.entry("accept", 5), Map.entry("getsockname", 6), Map.entry("getpeername", 7),
            Map.entry("socketpair", 8), Map.entry("send", 9), Map.entry("recv", 10), Map.entry("sendto", 11),
            Map.entry("recvfrom", 12), Map.entry("shutdown", 13), Map.entry("setsockopt", 14),
            Map.entry("getsockopt", 15), Map.entry("sendmsg", 16), Map.entry("recvmsg", 17),
            Map.entry("accept4", 18), Map.entry("recvmmsg", 19), Map.entry("sendmmsg", 20));

    private static final Map<String, Integer> IPC = Map.ofEntries(
            Map.entry("semop", 1), Map.entry("semget", 2), Map.entry("semctl", 3), Map.entry("semtimedop", 4),
            Map.entry("msgsnd", 11), Map.entry("msgrcv", 12), Map.entry("msgget", 13), Map.entry("msgctl", 14),
            Map.entry("shmat", 21), Map.entry("shmdt", 22), Map.entry("shmget", 23), Map.entry("shmctl", 24));

    private Multiplexing() {
    }

    static Optional<Via> of(String name) {
        Integer s = SOCKETCALL.get(name);
        if (s != null) {
            return Optional.of(new Via("socketcall", s));
        }
        Integer i = IPC.get(name);
        return i == null ? Optional.empty() : Optional.of(new Via("ipc", i));
    }
}
