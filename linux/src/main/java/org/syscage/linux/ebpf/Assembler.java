package org.syscage.linux.ebpf;

import static org.syscage.linux.ebpf.Insn.ALU64;
import static org.syscage.linux.ebpf.Insn.JMP;
import static org.syscage.linux.ebpf.Insn.K;
import static org.syscage.linux.ebpf.Insn.X;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes eBPF programs instruction by instruction, with forward jumps to labels. The method
 * names follow the kernel's own notation in comments of its verifier output, e.g.
 * {@code mov(R6, R1)} is {@code r6 = r1} and {@code jne(R0, 1, out)} is
 * {@code if r0 != 0x1 goto out}.
 *
 * <pre>{@code
 * Assembler a = new Assembler();
 * Assembler.Label out = a.newLabel();
 * a.call(Helper.GET_CURRENT_PID_TGID).jne(R0, 0, out).bind(out).mov(R0, 0).exit();
 * byte[] code = a.assemble();
 * }</pre>
 *
 * <p>An instance is a builder: not thread-safe, and {@link #assemble} may be called more than once.
 */
public final class Assembler {
    /** A jump target; bound to the position of the next instruction by {@link #bind}. */
    public static final class Label {
        private final int id;

        private Label(int id) {
            this.id = id;
        }
    }

    /** An instruction, and the label its offset must reach when it is a jump to one. */
    private record Slot(Insn insn, Label target) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private final Map<Label, Integer> bound = new HashMap<>();
    private int labels;

    public Label newLabel() {
        return new Label(labels++);
    }

    /** Places {@code label} at the next instruction. */
    public Assembler bind(Label label) {
        if (bound.putIfAbsent(label, slots.size()) != null) {
            throw new IllegalStateException("label " + label.id + " is bound twice");
        }
        return this;
    }

    /** Appends an instruction as it is. */
    public Assembler emit(Insn insn) {
        slots.add(new Slot(insn, null));
        return this;
    }

    /** {@code dst = src} (64-bit). */
    public Assembler mov(Reg dst, Reg src) {
        return alu(Insn.MOV | X, dst, src, 0);
    }

    /** {@code dst = imm} (64-bit, sign-extended). */
    public Assembler mov(Reg dst, int imm) {
        return alu(Insn.MOV | K, dst, Reg.R0, imm);
    }

    /** {@code dst += imm}. */
    public Assembler add(Reg dst, int imm) {
        return alu(Insn.ADD | K, dst, Reg.R0, imm);
    }

    /** {@code dst += src}. */
    public Assembler add(Reg dst, Reg src) {
        return alu(Insn.ADD | X, dst, src, 0);
    }

    /** {@code dst &= imm}. */
    public Assembler and(Reg dst, int imm) {
        return alu(Insn.AND | K, dst, Reg.R0, imm);
    }

    /** {@code dst >>= imm} (logical). */
    public Assembler rsh(Reg dst, int imm) {
        return alu(Insn.RSH | K, dst, Reg.R0, imm);
    }

    private Assembler alu(int op, Reg dst, Reg src, int imm) {
        return emit(new Insn(ALU64 | op, dst.number(), src.number(), 0, imm));
    }

    /** {@code dst = *(size *)(src + off)}, size one of {@link Insn#W}, {@link Insn#DW}... */
    public Assembler load(int size, Reg dst, Reg src, int off) {
        return emit(new Insn(Insn.LDX | Insn.MEM | size, dst.number(), src.number(), off, 0));
    }

    /** {@code *(size *)(dst + off) = src}. */
    public Assembler store(int size, Reg dst, int off, Reg src) {
        return emit(new Insn(Insn.STX | Insn.MEM | size, dst.number(), src.number(), off, 0));
    }

    /** {@code *(size *)(dst + off) = imm}. */
    public Assembler store(int size, Reg dst, int off, int imm) {
        return emit(new Insn(Insn.ST | Insn.MEM | size, dst.number(), 0, off, imm));
    }

    /**
     * {@code src = atomic64_fetch_add((u64 *)(dst + off), src)}: adds {@code src} to the
     * 64-bit word in memory and leaves the word's previous value in {@code src}.
     */
    public Assembler atomicFetchAdd(Reg dst, int off, Reg src) {
        return emit(new Insn(Insn.STX | Insn.ATOMIC | Insn.DW, dst.number(), src.number(), off, Insn.ADD | Insn.FETCH));
    }

    /** {@code dst = map} (ld_imm64 of a map's file descriptor, which the kernel turns into the map's address). */
    public Assembler loadMap(Reg dst, int mapFd) {
        emit(new Insn(Insn.LD | Insn.IMM | Insn.DW, dst.number(), Insn.PSEUDO_MAP_FD, 0, mapFd));
        return emit(new Insn(0, 0, 0, 0, 0));
    }

    /** {@code if dst == imm goto target}. */
    public Assembler jeq(Reg dst, int imm, Label target) {
        return jump(Insn.JEQ | K, dst, Reg.R0, imm, target);
    }

    /** {@code if dst != imm goto target}. */
    public Assembler jne(Reg dst, int imm, Label target) {
        return jump(Insn.JNE | K, dst, Reg.R0, imm, target);
    }

    /** {@code if dst >= imm goto target} (unsigned). */
    public Assembler jge(Reg dst, int imm, Label target) {
        return jump(Insn.JGE | K, dst, Reg.R0, imm, target);
    }

    /** {@code goto target}. */
    public Assembler ja(Label target) {
        return jump(Insn.JA, Reg.R0, Reg.R0, 0, target);
    }

    private Assembler jump(int op, Reg dst, Reg src, int imm, Label target) {
        slots.add(new Slot(new Insn(JMP | op, dst.number(), src.number(), 0, imm), target));
        return this;
    }

    /** {@code r0 = helper(r1, ..., r5)}; clobbers r1-r5. */
    public Assembler call(Helper helper) {
        return emit(new Insn(JMP | Insn.CALL, 0, 0, 0, helper.id()));
    }

    /** {@code return r0}. */
    public Assembler exit() {
        return emit(new Insn(JMP | Insn.EXIT, 0, 0, 0, 0));
    }

    /** The instructions with every jump's offset resolved (relative to the next instruction). */
    public List<Insn> instructions() {
        List<Insn> out = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.target() == null) {
                out.add(slot.insn());
                continue;
            }
            Integer at = bound.get(slot.target());
            if (at == null) {
                throw new IllegalStateException("jump at instruction " + i + " to a label never bound");
            }
            Insn jump = slot.insn();
            out.add(new Insn(jump.opcode(), jump.dst(), jump.src(), at - (i + 1), jump.imm()));
        }
        return out;
    }

    /** The program as the kernel loads it: 8 bytes per instruction, host byte order. */
    public byte[] assemble() {
        return encode(instructions());
    }

    /** Encodes instructions in the host's byte order. */
    public static byte[] encode(List<Insn> instructions) {
        ByteBuffer out = ByteBuffer.allocate(instructions.size() * Insn.BYTES).order(ByteOrder.nativeOrder());
        instructions.forEach(insn -> insn.writeTo(out));
        return out.array();
    }
}
