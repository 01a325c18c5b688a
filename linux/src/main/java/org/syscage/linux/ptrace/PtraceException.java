package org.syscage.linux.ptrace;

import org.syscage.linux.ffm.NativeException;

/**
 * syscage could not trace a process or read its filters; the message says why in terms of
 * what to change (a capability, a sysctl, another tracer), the cause holds the errno.
 */
public final class PtraceException extends RuntimeException {
    PtraceException(String message, NativeException cause) {
        super(message, cause);
    }

    /** The errno behind it, e.g. 1 for EPERM. */
    public int errno() {
        return ((NativeException) getCause()).errno();
    }
}
