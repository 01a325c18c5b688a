package org.syscage.linux.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

class KernelBtfTest {
    /**
     * A hand-made BTF blob: [1] int, [2] struct s {int a; int b:3 at bit 35;} with kind_flag,
     * [3] struct u {int x at bit 32;} without.
     */
    private static byte[] blob(ByteOrder order) {
        String strings = "\0int\0s\0a\0b\0u\0x\0";
        int intName = 1;
        int s = 5;
        int a = 7;
        int b = 9;
        int u = 11;
        int x = 13;
        ByteBuffer types = ByteBuffer.allocate(16 + 12 + 24 + 12 + 12).order(order);
        types.putInt(intName).putInt(1 << 24).putInt(4).putInt(32);                 // INT, 32 bits
        types.putInt(s).putInt(1 << 31 | 4 << 24 | 2).putInt(8);                    // STRUCT, kind_flag, 2 members
        types.putInt(a).putInt(1).putInt(0);
        types.putInt(b).putInt(1).putInt(3 << 24 | 35);
        types.putInt(u).putInt(4 << 24 | 1).putInt(8);                              // STRUCT, 1 member
        types.putInt(x).putInt(1).putInt(32);
        byte[] text = strings.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer all = ByteBuffer.allocate(24 + types.capacity() + text.length).order(order);
        all.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24)
                .putInt(0).putInt(types.capacity()).putInt(types.capacity()).putInt(text.length);
        all.put(types.array()).put(text);
        return all.array();
    }

    @Test
    void membersAreFoundByStructAndName() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            KernelBtf btf = KernelBtf.parse(blob(order));
            assertEquals(OptionalInt.of(0), btf.memberOffset("s", "a"));
            assertEquals(OptionalInt.of(4), btf.memberOffset("u", "x"));
            assertEquals(OptionalInt.empty(), btf.memberOffset("s", "b"), "a bit-field has no byte offset");
            assertEquals(OptionalInt.empty(), btf.memberOffset("s", "x"));
            assertEquals(OptionalInt.empty(), btf.memberOffset("t", "a"));
        }
        assertThrows(IllegalArgumentException.class, () -> KernelBtf.parse(new byte[24]));
    }

    /** On the test machines (x86_64, Linux 6.x) thread_info is {flags, syscall_work, status, cpu}. */
    @Test
    void theRunningKernelPlacesTsCompatsWordAfterTwoLongs() {
        KernelBtf btf = KernelBtf.running().orElseThrow();
        assertEquals(OptionalInt.of(0), btf.memberOffset("task_struct", "thread_info"));
        assertEquals(OptionalInt.of(16), btf.memberOffset("thread_info", "status"));
        assertEquals(new SyscallAbi.CompatTest.TaskFlag(16, 0x2), SyscallAbi.of(Arch.X86_64).orElseThrow().test());
    }
}
