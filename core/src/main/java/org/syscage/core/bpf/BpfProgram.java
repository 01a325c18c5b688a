package org.syscage.core.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.syscage.core.InputException;

/**
 * A classic-BPF program: the array of {@code struct sock_filter} that seccomp(2) takes. Immutable.
 *
 * <p>Besides the instruction list it keeps the fields in flat arrays, which is what the emulator
 * reads on its hot path.
 */
public final class BpfProgram {
    private final List<Insn> insns;
    final int[] codes;
    final int[] jts;
    final int[] jfs;
    final int[] ks;
    final boolean usesScratch;

    private BpfProgram(List<Insn> insns) {
        this.insns = List.copyOf(insns);
        int n = this.insns.size();
        codes = new int[n];
        jts = new int[n];
        jfs = new int[n];
        ks = new int[n];
        boolean scratch = false;
        for (int i = 0; i < n; i++) {
            Insn in = this.insns.get(i);
            codes[i] = in.code();
            jts[i] = in.jt();
            jfs[i] = in.jf();
            ks[i] = in.k();
            int cls = in.code() & 0x07;
            scratch |= cls == Bpf.BPF_ST || cls == Bpf.BPF_STX
                    || (in.code() & 0xe0) == Bpf.BPF_MEM && (cls == Bpf.BPF_LD || cls == Bpf.BPF_LDX);
        }
        usesScratch = scratch;
    }

    public static BpfProgram of(List<Insn> insns) {
        return new BpfProgram(insns);
    }

    public static BpfProgram of(Insn... insns) {
        return new BpfProgram(List.of(insns));
    }

    /**
     * Reads the kernel's array: 8 bytes per instruction, {@code u16 code, u8 jt, u8 jf, u32 k},
     * multi-byte fields in {@code order} (the byte order of the machine the filter is for).
     *
     * @throws InputException when the length is not a multiple of 8
     */
    public static BpfProgram fromBytes(byte[] bytes, ByteOrder order) {
        if (bytes.length % Insn.BYTES != 0) {
            throw new InputException("a BPF filter is a sequence of 8-byte instructions, but the input has "
                    + bytes.length + " bytes (" + bytes.length % Insn.BYTES + " left over)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
        Insn[] insns = new Insn[bytes.length / Insn.BYTES];
        for (int i = 0; i < insns.length; i++) {
            int code = Short.toUnsignedInt(buf.getShort());
            int jt = Byte.toUnsignedInt(buf.get());
            int jf = Byte.toUnsignedInt(buf.get());
            int k = buf.getInt();
            insns[i] = new Insn(code, jt, jf, k);
        }
        return new BpfProgram(List.of(insns));
    }

    /** {@link #fromBytes(byte[], ByteOrder)} in the byte order of this machine. */
    public static BpfProgram fromBytes(byte[] bytes) {
        return fromBytes(bytes, ByteOrder.nativeOrder());
    }

    /** The kernel's array in {@code order}: what seccomp(2) on such a machine takes. */
    public byte[] toBytes(ByteOrder order) {
        ByteBuffer buf = ByteBuffer.allocate(insns.size() * Insn.BYTES).order(order);
        for (Insn in : insns) {
            buf.putShort((short) in.code());
            buf.put((byte) in.jt());
            buf.put((byte) in.jf());
            buf.putInt(in.k());
        }
        return buf.array();
    }

    /** {@link #toBytes(ByteOrder)} in the byte order of this machine. */
    public byte[] toBytes() {
        return toBytes(ByteOrder.nativeOrder());
    }

    public int size() {
        return insns.size();
    }

    public Insn get(int index) {
        return insns.get(index);
    }

    /** The instructions, unmodifiable. */
    public List<Insn> instructions() {
        return insns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BpfProgram p && insns.equals(p.insns);
    }

    @Override
    public int hashCode() {
        return insns.hashCode();
    }

    /** One line per instruction, as {@link BpfText} writes them. */
    @Override
    public String toString() {
        return BpfText.render(this);
    }
}
