package org.syscage.linux.ptrace;

import static org.syscage.core.bpf.Bpf.BPF_ABS;
import static org.syscage.core.bpf.Bpf.BPF_JEQ;
import static org.syscage.core.bpf.Bpf.BPF_JMP;
import static org.syscage.core.bpf.Bpf.BPF_K;
import static org.syscage.core.bpf.Bpf.BPF_LD;
import static org.syscage.core.bpf.Bpf.BPF_RET;
import static org.syscage.core.bpf.Bpf.BPF_W;
import static org.syscage.core.bpf.Bpf.SECCOMP_RET_ALLOW;
import static org.syscage.core.bpf.Bpf.SECCOMP_RET_ERRNO;
import static org.syscage.core.bpf.Bpf.SECCOMP_RET_KILL_PROCESS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;

/**
 * Executables that install known filters, or strict mode, with the raw system calls, and the
 * filters themselves. Each begins with a call the kernel refuses, which must not be reported.
 */
final class TinyPrograms {
    /** Allows everything from x86_64, kills any other arch: 4 instructions. */
    static final byte[] ARCH_GUARD = program(
            Insn.stmt(BPF_LD | BPF_W | BPF_ABS, 4),
            Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, Arch.X86_64.auditArch(), 0, 1),
            Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));

    /** getpid fails with EPERM, everything else is allowed: 4 instructions. */
    static final byte[] NO_GETPID = program(
            Insn.stmt(BPF_LD | BPF_W | BPF_ABS, 0),
            Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, 39, 0, 1),
            Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
            Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));

    /** Allows i386 calls, kills the rest: what the i386 program installs. */
    static final byte[] I386_GUARD = program(
            Insn.stmt(BPF_LD | BPF_W | BPF_ABS, 4),
            Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, Arch.X86.auditArch(), 0, 1),
            Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));

    private TinyPrograms() {
    }

    static byte[] program(Insn... insns) {
        return BpfProgram.of(insns).toBytes(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * x86_64: {@code seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL)} (EINVAL), no_new_privs,
     * {@code seccomp(SECCOMP_SET_MODE_FILTER, 0, &ARCH_GUARD)}, {@code prctl(PR_SET_SECCOMP,
     * SECCOMP_MODE_FILTER, &NO_GETPID)}, exit_group(0).
     */
    static Path twoFilters(Path dir) throws IOException {
        return TinyElf.x86_64(dir.resolve("two-filters"), TinyPrograms::twoFprogs, at -> new TinyElf.Code()
                .clearR10R8()
                .eax(317).edi(0).esi(1).edx(0).syscall()              // seccomp(STRICT, 1, NULL): EINVAL
                .eax(157).edi(38).esi(1).edx(0).syscall()             // prctl(PR_SET_NO_NEW_PRIVS, 1)
                .eax(317).edi(1).esi(0).edx(at).syscall()             // seccomp(SET_MODE_FILTER, 0, &fprog A)
                .eax(157).edi(22).esi(2).edx(at + 16).syscall()       // prctl(PR_SET_SECCOMP, FILTER, &fprog B)
                .eax(231).edi(0).syscall()                            // exit_group(0)
                .bytes());
    }

    /** Two 16-byte 64-bit sock_fprog structs (len, 6 bytes of padding, pointer), then the two programs. */
    private static byte[] twoFprogs(long at) {
        ByteBuffer data = ByteBuffer.allocate(32 + ARCH_GUARD.length + NO_GETPID.length).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort(0, (short) (ARCH_GUARD.length / 8)).putLong(8, at + 32);
        data.putShort(16, (short) (NO_GETPID.length / 8)).putLong(24, at + 32 + ARCH_GUARD.length);
        data.put(32, ARCH_GUARD).put(32 + ARCH_GUARD.length, NO_GETPID);
        return data.array();
    }

    /**
     * i386: {@code prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL)} (EFAULT), no_new_privs,
     * {@code prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &I386_GUARD)} with the 8-byte 32-bit
     * sock_fprog, exit_group(0).
     */
    static Path i386Filter(Path dir) throws IOException {
        return TinyElf.i386(dir.resolve("i386-filter"), at -> {
            // The 32-bit sock_fprog: len, 2 bytes of padding, a 4-byte pointer.
            ByteBuffer data = ByteBuffer.allocate(8 + I386_GUARD.length).order(ByteOrder.LITTLE_ENDIAN);
            return data.putShort(0, (short) (I386_GUARD.length / 8)).putInt(4, (int) (at + 8)).put(8, I386_GUARD).array();
        }, at -> new TinyElf.Code()
                .eax(172).ebx(22).ecx(2).edx(0).int80()                    // prctl(PR_SET_SECCOMP, FILTER, NULL): EFAULT
                .eax(172).ebx(38).ecx(1).edx(0).esi(0).edi(0).int80()      // prctl(PR_SET_NO_NEW_PRIVS, 1)
                .eax(172).ebx(22).ecx(2).edx(at).int80()                   // prctl(PR_SET_SECCOMP, FILTER, &fprog)
                .eax(252).ebx(0).int80()                                   // exit_group(0)
                .bytes());
    }

    /** x86_64: {@code seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL)} (EINVAL), then {@code seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL)}, exit(0). */
    static Path x86_64Strict(Path dir) throws IOException {
        return TinyElf.x86_64(dir.resolve("strict64"), at -> new byte[0], at -> new TinyElf.Code()
                .eax(317).edi(0).esi(1).edx(0).syscall()              // seccomp(STRICT, 1, NULL): EINVAL
                .eax(317).edi(0).esi(0).edx(0).syscall()              // seccomp(STRICT, 0, NULL)
                .eax(60).edi(0).syscall()                             // exit(0), one of strict mode's four
                .bytes());
    }

    /** i386: {@code prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT)}, then exit(0) (i386's number 1). */
    static Path i386Strict(Path dir) throws IOException {
        return TinyElf.i386(dir.resolve("strict32"), at -> new byte[0], at -> new TinyElf.Code()
                .eax(172).ebx(22).ecx(1).edx(0).int80()                    // prctl(PR_SET_SECCOMP, STRICT)
                .eax(1).ebx(0).int80()                                     // exit(0)
                .bytes());
    }
}
