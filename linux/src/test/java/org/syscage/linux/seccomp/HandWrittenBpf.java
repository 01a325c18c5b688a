package org.syscage.linux.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.syscage.core.bpf.Insn;

/**
 * Seccomp programs written by hand from the kernel's documented encoding (linux/filter.h,
 * linux/bpf_common.h, linux/seccomp.h), as {@code sock_filter} arrays in host byte order.
 */
final class HandWrittenBpf {
    static final int LD_W_ABS = 0x20;
    static final int JEQ_K = 0x15;
    static final int JSET_K = 0x45;
    static final int RET_K = 0x06;

    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_KILL_THREAD = 0x00000000;
    static final int RET_TRAP = 0x00030000;
    static final int RET_ERRNO = 0x00050000;
    static final int RET_USER_NOTIF = 0x7fc00000;
    static final int RET_TRACE = 0x7ff00000;
    static final int RET_LOG = 0x7ffc0000;
    static final int RET_ALLOW = 0x7fff0000;

    /** struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]. */
    static final int NR = 0;
    static final int ARCH = 4;

    private HandWrittenBpf() {
    }

    /** Offset of the low 32 bits of args[i]: each arg is a u64 in host byte order. */
    static int argLow(int i) {
        return 16 + 8 * i + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 4);
    }

    static int argHigh(int i) {
        return 16 + 8 * i + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 4 : 0);
    }

    static Insn load(int offset) {
        return Insn.stmt(LD_W_ABS, offset);
    }

    static Insn jeq(int k, int jt, int jf) {
        return Insn.jump(JEQ_K, k, jt, jf);
    }

    static Insn jset(int k, int jt, int jf) {
        return Insn.jump(JSET_K, k, jt, jf);
    }

    static Insn ret(int action) {
        return Insn.stmt(RET_K, action);
    }

    static byte[] program(Insn... insns) {
        ByteBuffer out = ByteBuffer.allocate(insns.length * Insn.BYTES).order(ByteOrder.nativeOrder());
        for (Insn insn : insns) {
            out.putShort((short) insn.code()).put((byte) insn.jt()).put((byte) insn.jf()).putInt(insn.k());
        }
        return out.array();
    }

    /** "syscall nr gets action, everything else is allowed". */
    static byte[] onSyscall(long nr, int action) {
        return program(
                load(NR),
                jeq((int) nr, 0, 1),
                ret(action),
                ret(RET_ALLOW));
    }
}
