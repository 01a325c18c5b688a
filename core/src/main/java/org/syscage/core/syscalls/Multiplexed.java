package org.syscage.core.syscalls;

import java.util.Objects;

/**
 * How a syscall is reached through a multiplexer on an arch that has one: the kernel sees
 * syscall {@code viaNumber} ({@code socketcall(2)} or {@code ipc(2)}) with {@code call} in its
 * first argument. For example {@code socket} on x86 is {@code socketcall(102)} with
 * {@code SYS_SOCKET = 1}; {@code semop} on s390x is {@code ipc(117)} with {@code SEMOP = 1}.
 *
 * @param via       {@code "socketcall"} or {@code "ipc"}
 * @param viaNumber the multiplexer's syscall number on the arch, as the kernel sees it
 * @param call      the sub-call number the multiplexer takes as argument 0
 */
public record Multiplexed(String via, int viaNumber, int call) {
    public static final String SOCKETCALL = "socketcall";
    public static final String IPC = "ipc";

    public Multiplexed {
        Objects.requireNonNull(via, "via");
        if (!via.equals(SOCKETCALL) && !via.equals(IPC)) {
            throw new IllegalArgumentException("via must be socketcall or ipc, not " + via);
        }
        if (call <= 0) {
            throw new IllegalArgumentException("call must be positive, not " + call);
        }
    }

    @Override
    public String toString() {
        return via + "(" + viaNumber + ") call " + call;
    }
}
