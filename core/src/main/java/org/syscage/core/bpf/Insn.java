package org.syscage.core.bpf;

/**
 * One classic-BPF instruction, {@code struct sock_filter}: a 16-bit opcode, two 8-bit jump
 * offsets (counted from the next instruction) and a 32-bit constant. {@code code}, {@code jt}
 * and {@code jf} hold unsigned values.
 */
public record Insn(int code, int jt, int jf, int k) {
    /** Size of one instruction in the kernel's array. */
    public static final int BYTES = 8;

    public Insn {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("opcode out of 16 bits: " + code);
        }
        if (jt < 0 || jt > 0xFF || jf < 0 || jf > 0xFF) {
            throw new IllegalArgumentException("jump offset out of 8 bits: jt=" + jt + " jf=" + jf);
        }
    }

    /** A statement (no conditional jump). */
    public static Insn stmt(int code, int k) {
        return new Insn(code, 0, 0, k);
    }

    /** A conditional jump. */
    public static Insn jump(int code, int k, int jt, int jf) {
        return new Insn(code, jt, jf, k);
    }

    /** The instruction class: {@code code & 0x07}. */
    public int insnClass() {
        return code & 0x07;
    }
}
