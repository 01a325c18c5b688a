package org.syscage.linux.ebpf;

import org.syscage.linux.ffm.NativeException;

/** The kernel refused a program; the message ends with what its verifier said. */
public final class BpfLoadException extends RuntimeException {
    private final int errno;
    private final String verifierLog;

    BpfLoadException(NativeException failure, String verifierLog) {
        super(failure.getMessage() + (verifierLog.isBlank() ? "" : "; verifier:\n" + verifierLog.strip()));
        this.errno = failure.errno();
        this.verifierLog = verifierLog;
    }

    public int errno() {
        return errno;
    }

    /** The verifier's log of the failed load (empty when the kernel refused before verifying). */
    public String verifierLog() {
        return verifierLog;
    }
}
