package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

class SeccompDataTest {
    @Test
    void layoutIsTheKernelsStructInTheMachinesByteOrder() {
        SeccompData d = new SeccompData(59, 0xC000003E, 0x401000L, new long[] {0x0102030405060708L, 0, 0, 0, 0, -1});
        byte[] le = d.toBytes(ByteOrder.LITTLE_ENDIAN);
        assertEquals(64, le.length);
        assertArrayEquals(new byte[] {59, 0, 0, 0, 0x3E, 0, 0, (byte) 0xC0}, Arrays.copyOfRange(le, 0, 8));
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, Arrays.copyOfRange(le, 16, 24));
        byte[] be = d.toBytes(ByteOrder.BIG_ENDIAN);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Arrays.copyOfRange(be, 16, 24));
        assertEquals(d, SeccompData.fromBytes(be, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void wordsOfSixtyFourBitFieldsDependOnByteOrder() {
        SeccompData d = new SeccompData(0, 0, 0, new long[] {0x0000000100000002L, 0, 0, 0, 0, 0});
        assertEquals(2, d.word(Bpf.argLowOffset(0, true), true));
        assertEquals(1, d.word(Bpf.argHighOffset(0, true), true));
        assertEquals(2, d.word(Bpf.argLowOffset(0, false), false));
        assertEquals(1, d.word(Bpf.argHighOffset(0, false), false));
        assertEquals(16, Bpf.argLowOffset(0, true));
        assertEquals(20, Bpf.argLowOffset(0, false));
        assertThrows(IllegalArgumentException.class, () -> d.word(17, true));
        assertThrows(IllegalArgumentException.class, () -> d.word(64, true));
    }

    @Test
    void thirtyTwoBitAbisSeeZeroExtendedRegisters() {
        SeccompData i386 = SeccompData.of(Arch.X86, 5, -1L, 0x1_0000_0002L);
        assertEquals(0xffffffffL, i386.arg(0));
        assertEquals(2, i386.arg(1));
        assertEquals(0, i386.arg(5));
        assertEquals(Arch.X86.auditArch(), i386.arch());
        assertEquals(-1L, SeccompData.of(Arch.X32, Arch.X32_SYSCALL_BIT, -1L).arg(0),
                "x32 syscalls take full 64-bit registers");
        assertEquals(-1L, SeccompData.of(Arch.AARCH64, 0, -1L).arg(0));
    }

    @Test
    void isAValueWithDefensiveCopies() {
        long[] args = {1, 2, 3, 4, 5, 6};
        SeccompData d = new SeccompData(1, 2, 3, args);
        args[0] = 99;
        assertEquals(1, d.arg(0));
        d.args()[1] = 99;
        assertEquals(2, d.arg(1));
        assertEquals(new SeccompData(1, 2, 3, new long[] {1, 2, 3, 4, 5, 6}), d);
        assertEquals(new SeccompData(1, 2, 3, new long[] {1, 2, 3, 4, 5, 6}).hashCode(), d.hashCode());
        assertEquals(d.withArg(5, 7).arg(5), 7);
        assertEquals(d.withNr(60).nr(), 60);
        assertThrows(IllegalArgumentException.class, () -> new SeccompData(0, 0, 0, new long[5]));
        assertEquals("seccomp_data{nr=1, arch=0x00000002, ip=0x3, args=[0x1, 0x2, 0x3, 0x4, 0x5, 0x6]}", d.toString());
    }
}
