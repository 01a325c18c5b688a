package org.syscage.linux.ebpf;

import org.syscage.linux.ffm.HostSyscall;
import org.syscage.linux.ffm.Syscalls;

/**
 * A file descriptor the kernel gave syscage (a map, a program, a tracepoint link, a cgroup
 * directory). Closing it releases the object; closing a link's descriptor detaches its program.
 */
public final class Fd implements AutoCloseable {
    private final int value;
    private final String what;
    private boolean closed;

    Fd(int value, String what) {
        this.value = value;
        this.what = what;
    }

    public int value() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
        return value;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Syscalls.checked("close(" + what + ")", HostSyscall.CLOSE.number(), value);
        }
    }

    @Override
    public String toString() {
        return what + " (fd " + value + (closed ? ", closed)" : ")");
    }
}
