package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.linux.ptrace.TraceeMemory.SockFprogView;

/** struct sock_fprog as each ABI lays it out: the pointer aligned to its own size. */
class TraceeMemoryTest {
    @Test
    void sixtyFourBitLittleEndian() {
        byte[] s = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(0, (short) 455).putLong(8, 0x5595_915c_9150L).array();
        assertEquals(new SockFprogView(455, 0x5595_915c_9150L), SockFprogView.decode(s, Arch.X86_64));
    }

    @Test
    void thirtyTwoBit() {
        byte[] s = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(0, (short) 4).putInt(4, 0xbfff_1000).array();
        assertEquals(new SockFprogView(4, 0xbfff_1000L), SockFprogView.decode(s, Arch.X86), "unsigned pointer");
        assertEquals(new SockFprogView(4, 0xbfff_1000L), SockFprogView.decode(s, Arch.X32));
    }

    @Test
    void sixtyFourBitBigEndian() {
        byte[] s = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN)
                .putShort(0, (short) 0xffff).putLong(8, 0x3ff_8000_0000L).array();
        assertEquals(new SockFprogView(0xffff, 0x3ff_8000_0000L), SockFprogView.decode(s, Arch.S390X),
                "len is unsigned");
    }
}
