package org.syscage.linux.ebpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One 64-bit eBPF instruction as the kernel reads it ({@code struct bpf_insn}): an 8-bit opcode,
 * two 4-bit registers, a signed 16-bit offset and a signed 32-bit immediate. A 64-bit immediate
 * load ({@code ld_imm64}) takes two of these; the second has opcode 0 and carries the upper half.
 *
 * <p>Instructions are in the host's byte order. The register byte holds {@code dst} in its low
 * nibble and {@code src} in its high nibble on little-endian hosts, the other way round on
 * big-endian ones (the kernel declares them as C bit-fields).
 */
public record Insn(int opcode, int dst, int src, int off, int imm) {
    public static final int BYTES = 8;

    // Instruction classes (low 3 bits of the opcode).
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int ALU64 = 0x07;

    // Load and store: size and mode.
    public static final int W = 0x00;
    public static final int H = 0x08;
    public static final int B = 0x10;
    public static final int DW = 0x18;
    public static final int IMM = 0x00;
    public static final int MEM = 0x60;
    public static final int ATOMIC = 0xc0;

    // Source of the second operand: the immediate (K) or the src register (X).
    public static final int K = 0x00;
    public static final int X = 0x08;

    // ALU operations.
    public static final int ADD = 0x00;
    public static final int AND = 0x50;
    public static final int RSH = 0x70;
    public static final int MOV = 0xb0;

    // Jump operations.
    public static final int JA = 0x00;
    public static final int JEQ = 0x10;
    public static final int JGE = 0x30;
    public static final int JNE = 0x50;
    public static final int CALL = 0x80;
    public static final int EXIT = 0x90;

    /** Atomic operations' immediate: BPF_ADD, and BPF_FETCH to get the old value back in src. */
    public static final int FETCH = 0x01;

    /** src of an {@code ld_imm64} whose immediate is a map's file descriptor (BPF_PSEUDO_MAP_FD). */
    public static final int PSEUDO_MAP_FD = 1;

    public Insn {
        if (opcode < 0 || opcode > 0xff) {
            throw new IllegalArgumentException("opcode 0x" + Integer.toHexString(opcode) + " does not fit 8 bits");
        }
        if (dst < 0 || dst > 10 || src < 0 || src > 10) {
            throw new IllegalArgumentException("registers are r0-r10, got dst " + dst + ", src " + src);
        }
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + off + " does not fit 16 bits");
        }
    }

    /** Appends this instruction's 8 bytes to {@code out}, in {@code out}'s byte order. */
    public void writeTo(ByteBuffer out) {
        out.put((byte) opcode);
        out.put((byte) (out.order() == ByteOrder.LITTLE_ENDIAN ? dst | src << 4 : src | dst << 4));
        out.putShort((short) off);
        out.putInt(imm);
    }

    /** Reads the instruction at {@code in}'s position (the inverse of {@link #writeTo}). */
    public static Insn readFrom(ByteBuffer in) {
        int opcode = in.get() & 0xff;
        int regs = in.get() & 0xff;
        int low = regs & 0xf;
        int high = regs >>> 4;
        boolean little = in.order() == ByteOrder.LITTLE_ENDIAN;
        return new Insn(opcode, little ? low : high, little ? high : low, in.getShort(), in.getInt());
    }

    /** The instruction class: {@link #LD}, {@link #ALU64}, {@link #JMP}... */
    public int instructionClass() {
        return opcode & 0x07;
    }

    @Override
    public String toString() {
        return String.format("%02x %x %x %+d %#x", opcode, dst, src, off, imm);
    }
}
