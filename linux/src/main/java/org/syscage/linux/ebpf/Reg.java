package org.syscage.linux.ebpf;

/**
 * The eBPF registers. R0 holds return values, R1-R5 are arguments (clobbered by calls), R6-R9 are
 * kept across calls, R10 is the read-only frame pointer (the stack grows down from it, 512 bytes).
 */
public enum Reg {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    /** The register's number in an instruction's 4-bit register field. */
    public int number() {
        return ordinal();
    }
}
