package org.syscage.core.compiler;

import org.syscage.core.InputException;

/**
 * A profile that cannot be compiled: libseccomp (and so runc) would refuse it, a name is unknown
 * under {@code --strict}, or the program would exceed the kernel's 4096 instructions.
 */
public class CompileException extends InputException {
    public CompileException(String message) {
        super(message);
    }
}
