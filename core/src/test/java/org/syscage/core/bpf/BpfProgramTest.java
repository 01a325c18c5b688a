package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;

class BpfProgramTest {
    private static final BpfProgram TWO = BpfProgram.of(
            jump(BPF_JMP | BPF_JEQ | BPF_K, 0xC000003E, 1, 2),
            stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));

    @Test
    void littleEndianBytesAreCodeJtJfK() {
        byte[] expected = {
            0x15, 0x00, 0x01, 0x02, 0x3E, 0x00, 0x00, (byte) 0xC0,
            0x06, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xFF, 0x7F,
        };
        assertArrayEquals(expected, TWO.toBytes(ByteOrder.LITTLE_ENDIAN));
        assertEquals(TWO, BpfProgram.fromBytes(expected, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void bigEndianSwapsOnlyTheMultiByteFields() {
        byte[] expected = {
            0x00, 0x15, 0x01, 0x02, (byte) 0xC0, 0x00, 0x00, 0x3E,
            0x00, 0x06, 0x00, 0x00, 0x7F, (byte) 0xFF, 0x00, 0x00,
        };
        assertArrayEquals(expected, TWO.toBytes(ByteOrder.BIG_ENDIAN));
        assertEquals(TWO, BpfProgram.fromBytes(expected, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void theDefaultOrderIsTheMachines() {
        assertArrayEquals(TWO.toBytes(ByteOrder.nativeOrder()), TWO.toBytes());
        assertEquals(TWO, BpfProgram.fromBytes(TWO.toBytes()));
    }

    @Test
    void fieldsAboveSignedRangeSurviveTheRoundTrip() {
        BpfProgram p = BpfProgram.of(new Insn(0xffff, 0xff, 0x80, -1));
        assertEquals(p, BpfProgram.fromBytes(p.toBytes(ByteOrder.BIG_ENDIAN), ByteOrder.BIG_ENDIAN));
        assertEquals(new Insn(0xffff, 0xff, 0x80, -1), p.get(0));
    }

    @Test
    void aTruncatedFilterIsBadInput() {
        InputException e = assertThrows(InputException.class, () -> BpfProgram.fromBytes(new byte[13], ByteOrder.LITTLE_ENDIAN));
        assertTrue(e.getMessage().contains("13 bytes (5 left over)"), e.getMessage());
        assertEquals(0, BpfProgram.fromBytes(new byte[0], ByteOrder.LITTLE_ENDIAN).size());
    }

    @Test
    void isAnImmutableValue() {
        assertEquals(2, TWO.size());
        assertEquals(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), TWO.get(1));
        assertThrows(UnsupportedOperationException.class, () -> TWO.instructions().add(TWO.get(0)));
        assertEquals(TWO.hashCode(), BpfProgram.of(List.copyOf(TWO.instructions())).hashCode());
        assertEquals("""
                0000: 0x15 0x01 0x02 0xc000003e  jeq #0xc000003e, 0002, 0003
                0001: 0x06 0x00 0x00 0x7fff0000  ret #0x7fff0000 ; ALLOW
                """, TWO.toString());
    }
}
