package org.syscage.linux.launch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Seccomp filters written by hand from the kernel's definitions, so that the launcher can be
 * tested without the compiler. Every filter first checks the architecture (anything but the
 * host's is killed), then loads the syscall number.
 */
final class TestFilters {
    // linux/filter.h and linux/bpf_common.h
    private static final int LD_W_ABS = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    private static final int JEQ_K = 0x15;      // BPF_JMP | BPF_JEQ | BPF_K
    private static final int JA = 0x05;         // BPF_JMP | BPF_JA
    private static final int RET_K = 0x06;      // BPF_RET | BPF_K
    // linux/seccomp.h: struct seccomp_data { int nr; __u32 arch; ... }
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;

    static final int KILL_PROCESS = 0x80000000;
    static final int TRAP = 0x00030000;
    static final int ALLOW = 0x7fff0000;
    static final int USER_NOTIF = 0x7fc00000;

    static int errno(int errno) {
        return 0x00050000 | errno;   // SECCOMP_RET_ERRNO | data
    }

    private TestFilters() {
    }

    static int nr(String syscall) {
        return SyscallTable.of(Arch.host()).number(syscall).orElseThrow();
    }

    /** Allows every syscall of the host arch. */
    static byte[] allowAll() {
        return program(
                stmt(LD_W_ABS, OFFSET_ARCH),
                jump(JEQ_K, Arch.host().auditArch(), 1, 0),
                stmt(RET_K, KILL_PROCESS),
                stmt(RET_K, ALLOW));
    }

    /** {@code action} for one syscall, everything else allowed. */
    static byte[] deny(String syscall, int action) {
        return program(
                stmt(LD_W_ABS, OFFSET_ARCH),
                jump(JEQ_K, Arch.host().auditArch(), 1, 0),
                stmt(RET_K, KILL_PROCESS),
                stmt(LD_W_ABS, OFFSET_NR),
                jump(JEQ_K, nr(syscall), 0, 1),
                stmt(RET_K, action),
                stmt(RET_K, ALLOW));
    }

    /** Allows only the named syscalls; anything else kills the process. */
    static byte[] allowOnly(String... syscalls) {
        java.util.List<long[]> insns = new java.util.ArrayList<>(java.util.List.of(
                stmt(LD_W_ABS, OFFSET_ARCH),
                jump(JEQ_K, Arch.host().auditArch(), 1, 0),
                stmt(RET_K, KILL_PROCESS),
                stmt(LD_W_ABS, OFFSET_NR)));
        for (String syscall : syscalls) {
            insns.add(jump(JEQ_K, nr(syscall), 0, 1));
            insns.add(stmt(RET_K, ALLOW));
        }
        insns.add(stmt(RET_K, KILL_PROCESS));
        return program(insns.toArray(long[][]::new));
    }

    /** A jump past the end of the program: the kernel's checker refuses it (EINVAL). */
    static byte[] badJump() {
        return program(
                stmt(LD_W_ABS, OFFSET_NR),
                stmt(JA, 5),
                stmt(RET_K, ALLOW));
    }

    private static long[] stmt(int code, int k) {
        return new long[] {code, 0, 0, k};
    }

    private static long[] jump(int code, int k, int jt, int jf) {
        return new long[] {code, jt, jf, k};
    }

    /** struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; } in host order. */
    private static byte[] program(long[]... insns) {
        ByteBuffer out = ByteBuffer.allocate(insns.length * 8).order(ByteOrder.nativeOrder());
        for (long[] insn : insns) {
            out.putShort((short) insn[0]).put((byte) insn[1]).put((byte) insn[2]).putInt((int) insn[3]);
        }
        return out.array();
    }
}
