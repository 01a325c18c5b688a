package org.syscage.linux.ebpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.syscage.linux.ebpf.Reg.R0;
import static org.syscage.linux.ebpf.Reg.R1;
import static org.syscage.linux.ebpf.Reg.R10;
import static org.syscage.linux.ebpf.Reg.R6;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Encodings checked against the instruction set's definition (the kernel's
 * Documentation/bpf/standardization/instruction-set.rst) and against {@code bpftool prog dump
 * xlated ... opcodes} of syscage's counting program, little-endian as on x86_64 and aarch64.
 */
class AssemblerTest {
    private static byte[] le(Assembler a) {
        ByteBuffer out = ByteBuffer.allocate(a.instructions().size() * Insn.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        a.instructions().forEach(i -> i.writeTo(out));
        return out.array();
    }

    private static String hex(Assembler a) {
        return HexFormat.ofDelimiter(" ").formatHex(le(a));
    }

    @Test
    void aluAndExitEncodings() {
        assertEquals("b7 00 00 00 00 00 00 00 95 00 00 00 00 00 00 00", hex(new Assembler().mov(R0, 0).exit()));
        assertEquals("bf 16 00 00 00 00 00 00", hex(new Assembler().mov(R6, R1)));
        assertEquals("07 01 00 00 f8 ff ff ff", hex(new Assembler().add(R1, -8)));
        assertEquals("77 00 00 00 20 00 00 00", hex(new Assembler().rsh(R0, 32)));
        assertEquals("57 01 00 00 ff ff 00 00", hex(new Assembler().and(R1, 0xffff)));
    }

    @Test
    void memoryEncodings() {
        // r6 = *(u64 *)(r1 + 8); *(u32 *)(r10 - 12) = r1; *(u32 *)(r10 - 36) = 0
        assertEquals("79 16 08 00 00 00 00 00", hex(new Assembler().load(Insn.DW, R6, R1, 8)));
        assertEquals("63 1a f4 ff 00 00 00 00", hex(new Assembler().store(Insn.W, R10, -12, R1)));
        assertEquals("62 0a dc ff 00 00 00 00", hex(new Assembler().store(Insn.W, R10, -36, 0)));
        // r1 = atomic64_fetch_add((u64 *)(r0 + 0), r1): BPF_STX | BPF_ATOMIC | BPF_DW, imm BPF_ADD | BPF_FETCH
        assertEquals("db 10 00 00 01 00 00 00", hex(new Assembler().atomicFetchAdd(R0, 0, R1)));
    }

    @Test
    void mapLoadIsTwoSlotsWithThePseudoMapFdSource() {
        assertEquals("18 11 00 00 07 00 00 00 00 00 00 00 00 00 00 00", hex(new Assembler().loadMap(R1, 7)));
    }

    @Test
    void callsNameTheHelperInTheImmediate() {
        assertEquals("85 00 00 00 25 00 00 00", hex(new Assembler().call(Helper.CURRENT_TASK_UNDER_CGROUP)));
        assertEquals("85 00 00 00 71 00 00 00", hex(new Assembler().call(Helper.PROBE_READ_KERNEL)));
    }

    @Test
    void jumpOffsetsCountInstructionsAfterTheJumpAndLdImm64AsTwo() {
        Assembler a = new Assembler();
        Assembler.Label out = a.newLabel();
        Assembler.Label back = a.newLabel();
        a.jne(R0, 1, out)          // 0: skips 1 (the mov) + 2 (ld_imm64) + 1 (ja) = 4 slots
                .mov(R0, 2)        // 1
                .loadMap(R1, 3)    // 2, 3
                .ja(out)           // 4: skips 0
                .bind(out).bind(back)
                .mov(R0, 0).exit();
        List<Insn> code = a.instructions();
        assertEquals("55 00 04 00 01 00 00 00", HexFormat.ofDelimiter(" ").formatHex(le(a), 0, 8));
        assertEquals(0, code.get(4).off());
        assertEquals(0x05, code.get(4).opcode());
    }

    @Test
    void unboundLabelsAndDoubleBindingAreRefused() {
        Assembler a = new Assembler();
        Assembler.Label nowhere = a.newLabel();
        a.ja(nowhere);
        assertThrows(IllegalStateException.class, a::instructions);
        Assembler b = new Assembler();
        Assembler.Label twice = b.newLabel();
        b.bind(twice);
        assertThrows(IllegalStateException.class, () -> b.bind(twice));
    }

    @Test
    void bigEndianSwapsTheRegisterNibbles() {
        ByteBuffer out = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        new Insn(0xbf, 6, 1, 0, 0).writeTo(out);
        assertArrayEquals(new byte[] {(byte) 0xbf, 0x61, 0, 0, 0, 0, 0, 0}, out.array());
    }

    @Property
    void encodingRoundTrips(@ForAll @IntRange(max = 255) int opcode, @ForAll @IntRange(max = 10) int dst,
                            @ForAll @IntRange(max = 10) int src, @ForAll @IntRange(min = -32768, max = 32767) int off,
                            @ForAll int imm, @ForAll boolean little) {
        Insn insn = new Insn(opcode, dst, src, off, imm);
        ByteBuffer buffer = ByteBuffer.allocate(8).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        insn.writeTo(buffer);
        assertEquals(insn, Insn.readFrom(buffer.flip()));
    }
}
