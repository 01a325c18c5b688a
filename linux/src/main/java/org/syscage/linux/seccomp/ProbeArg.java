package org.syscage.linux.seccomp;

/** One argument of a {@link ProbeCall}: a number, or a fresh zeroed buffer in the probing process. */
public sealed interface ProbeArg {
    /** Passed as is; the filter sees all 64 bits in {@code seccomp_data.args[i]}. */
    record Value(long value) implements ProbeArg {
    }

    /**
     * The address of a zeroed buffer of {@code size} bytes that the probe allocates before the
     * filter goes in, for calls that write through a pointer (uname, getcwd, ...).
     */
    record Buffer(int size) implements ProbeArg {
        public Buffer {
            if (size <= 0 || size > 1 << 20) {
                throw new IllegalArgumentException("buffer size must be 1..1048576 bytes, got " + size);
            }
        }
    }
}
