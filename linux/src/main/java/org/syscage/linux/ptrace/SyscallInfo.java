package org.syscage.linux.ptrace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The system call a stopped tracee is in, as PTRACE_GET_SYSCALL_INFO (Linux 5.3) reports it:
 * <pre>
 * struct ptrace_syscall_info {
 *     __u8  op;                      // 0 none, 1 entry, 2 exit, 3 seccomp
 *     __u8  reserved;
 *     __u16 flags;
 *     __u32 arch;                    // AUDIT_ARCH_* of this call: i386 for int 0x80 on x86_64
 *     __u64 instruction_pointer;
 *     __u64 stack_pointer;
 *     union {                        // from offset 24
 *         struct { __u64 nr; __u64 args[6]; } entry;
 *         struct { __s64 rval; __u8 is_error; } exit;
 *         struct { __u64 nr; __u64 args[6]; __u32 ret_data; } seccomp;
 *     };
 * };
 * </pre>
 * The arch is that of the call, not of the executable: a 64-bit program can make 32-bit calls,
 * and the kernel decodes their arguments as such.
 */
sealed interface SyscallInfo {
    /** Big enough for every variant (the seccomp one is 84 bytes, padded to 88). */
    int BYTES = 88;

    int OP_ENTRY = 1;
    int OP_EXIT = 2;
    int OP_SECCOMP = 3;

    /** Byte offsets of the fields a tracing loop reads in place: {@code arch}, and {@code nr} of entry and seccomp. */
    int ARCH_OFFSET = 4;
    int NR_OFFSET = 24;
    /** Where {@code args[6]} starts, in the entry and the seccomp variants alike. */
    int ARGS_OFFSET = 32;

    /** A system call entry stop: number and arguments, before the kernel runs the call. */
    record Entry(int auditArch, long nr, List<Long> args) implements SyscallInfo {
        public Entry {
            args = List.copyOf(args);
        }

        long arg(int i) {
            return args.get(i);
        }
    }

    /** A system call exit stop: the kernel's result, {@code -errno} when {@code isError}. */
    record Exit(long rval, boolean isError) implements SyscallInfo {
    }

    /** Any other stop (a signal or event stop), or a seccomp stop, which syscage does not ask for. */
    record Other(int op) implements SyscallInfo {
    }

    /** Decodes the bytes the kernel wrote, in this machine's byte order. */
    static SyscallInfo decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        int op = Byte.toUnsignedInt(buf.get(0));
        return switch (op) {
            case OP_ENTRY -> {
                Long[] args = new Long[6];
                for (int i = 0; i < args.length; i++) {
                    args[i] = buf.getLong(ARGS_OFFSET + 8 * i);
                }
                yield new Entry(buf.getInt(ARCH_OFFSET), buf.getLong(NR_OFFSET), List.of(args));
            }
            case OP_EXIT -> new Exit(buf.getLong(24), buf.get(32) != 0);
            default -> new Other(op);
        };
    }
}
