package org.syscage.linux.ptrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyscallInfoTest {
    private static ByteBuffer info(int op, int arch) {
        ByteBuffer b = ByteBuffer.allocate(SyscallInfo.BYTES).order(ByteOrder.nativeOrder());
        b.put(0, (byte) op).putInt(4, arch).putLong(8, 0x401000).putLong(16, 0x7ffc0000);
        return b;
    }

    @Test
    void entryStopsCarryArchNumberAndSixArguments() {
        ByteBuffer b = info(1, 0x40000003).putLong(24, 172);
        for (int i = 0; i < 6; i++) {
            b.putLong(32 + 8 * i, 100L + i);
        }
        assertEquals(new SyscallInfo.Entry(0x40000003, 172, List.of(100L, 101L, 102L, 103L, 104L, 105L)),
                SyscallInfo.decode(b.array()));
    }

    @Test
    void exitStopsCarryTheResult() {
        assertEquals(new SyscallInfo.Exit(-14, true),
                SyscallInfo.decode(info(2, 0xC000003E).putLong(24, -14).put(32, (byte) 1).array()));
        assertEquals(new SyscallInfo.Exit(0, false), SyscallInfo.decode(info(2, 0xC000003E).array()));
    }

    @Test
    void otherStops() {
        assertEquals(new SyscallInfo.Other(0), SyscallInfo.decode(info(0, 0xC000003E).array()));
        assertEquals(new SyscallInfo.Other(3), SyscallInfo.decode(info(3, 0xC000003E).array()));
    }
}
