package org.syscage.linux.ffm;

/**
 * A libc call or system call failed: carries the errno and what was called, and reads as
 * {@code seccomp(SECCOMP_SET_MODE_FILTER): EINVAL (Invalid argument)}.
 */
public final class NativeException extends RuntimeException {
    private final int errno;
    private final String call;

    public NativeException(int errno, String call) {
        super(call + ": " + Libc.errnoName(errno) + " (" + Libc.strerror(errno) + ")");
        this.errno = errno;
        this.call = call;
    }

    /** The errno value, e.g. 22 for EINVAL. */
    public int errno() {
        return errno;
    }

    /** What failed, as given by the caller, e.g. {@code prctl(PR_SET_NO_NEW_PRIVS)}. */
    public String call() {
        return call;
    }

    /** The errno's symbolic name, e.g. {@code EINVAL}. */
    public String errnoName() {
        return Libc.errnoName(errno);
    }
}
