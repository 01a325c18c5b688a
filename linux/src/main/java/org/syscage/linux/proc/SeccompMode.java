package org.syscage.linux.proc;

/** A thread's seccomp mode, as {@code prctl(PR_GET_SECCOMP)} and the {@code Seccomp:} line of /proc report it. */
public enum SeccompMode {
    /** No seccomp: every system call is allowed. */
    DISABLED(0, "disabled"),
    /** SECCOMP_MODE_STRICT: only read, write, _exit and sigreturn. */
    STRICT(1, "strict"),
    /** SECCOMP_MODE_FILTER: one or more BPF filters decide. */
    FILTER(2, "filter");

    private final int value;
    private final String label;

    SeccompMode(int value, String label) {
        this.value = value;
        this.label = label;
    }

    /** The kernel's number for the mode: 0, 1 or 2. */
    public int value() {
        return value;
    }

    /** {@code disabled}, {@code strict} or {@code filter}. */
    public String label() {
        return label;
    }

    /** The mode with the kernel's number {@code value}. */
    public static SeccompMode of(int value) {
        for (SeccompMode mode : values()) {
            if (mode.value == value) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown seccomp mode " + value);
    }
}
