package org.syscage.core.bpf;

/**
 * The numbers of classic BPF as seccomp uses them: opcode fields ({@code linux/bpf_common.h},
 * {@code linux/filter.h}), seccomp return values ({@code linux/seccomp.h}) and the layout of
 * {@code struct seccomp_data}, which is what a filter's {@code BPF_LD|BPF_W|BPF_ABS} reads.
 *
 * <p>The names are the kernel's so that code building programs reads like C filters do:
 * {@code Insn.stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR)}.
 */
public final class Bpf {
    private Bpf() {
    }

    // Instruction classes: code & 0x07.
    public static final int BPF_LD = 0x00;
    public static final int BPF_LDX = 0x01;
    public static final int BPF_ST = 0x02;
    public static final int BPF_STX = 0x03;
    public static final int BPF_ALU = 0x04;
    public static final int BPF_JMP = 0x05;
    public static final int BPF_RET = 0x06;
    public static final int BPF_MISC = 0x07;

    // Load sizes: code & 0x18.
    public static final int BPF_W = 0x00;
    public static final int BPF_H = 0x08;
    public static final int BPF_B = 0x10;

    // Load modes: code & 0xe0.
    public static final int BPF_IMM = 0x00;
    public static final int BPF_ABS = 0x20;
    public static final int BPF_IND = 0x40;
    public static final int BPF_MEM = 0x60;
    public static final int BPF_LEN = 0x80;
    public static final int BPF_MSH = 0xa0;

    // ALU operations: code & 0xf0.
    public static final int BPF_ADD = 0x00;
    public static final int BPF_SUB = 0x10;
    public static final int BPF_MUL = 0x20;
    public static final int BPF_DIV = 0x30;
    public static final int BPF_OR = 0x40;
    public static final int BPF_AND = 0x50;
    public static final int BPF_LSH = 0x60;
    public static final int BPF_RSH = 0x70;
    public static final int BPF_NEG = 0x80;
    /** Classic BPF has it, but seccomp rejects it (not in seccomp_check_filter's list). */
    public static final int BPF_MOD = 0x90;
    public static final int BPF_XOR = 0xa0;

    // Jump operations: code & 0xf0.
    public static final int BPF_JA = 0x00;
    public static final int BPF_JEQ = 0x10;
    public static final int BPF_JGT = 0x20;
    public static final int BPF_JGE = 0x30;
    public static final int BPF_JSET = 0x40;

    // Operand source: code & 0x08.
    public static final int BPF_K = 0x00;
    public static final int BPF_X = 0x08;

    /** Return value source for BPF_RET: code & 0x18 (BPF_K or BPF_A). */
    public static final int BPF_A = 0x10;

    // BPF_MISC operations: code & 0xf8.
    public static final int BPF_TAX = 0x00;
    public static final int BPF_TXA = 0x80;

    /** Most instructions one filter may have. */
    public static final int BPF_MAXINSNS = 4096;
    /** Number of 32-bit scratch memory cells M[0..15]. */
    public static final int BPF_MEMWORDS = 16;

    // Return values of a seccomp filter: the action in the high 16 bits, data in the low 16.
    public static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    public static final int SECCOMP_RET_KILL_THREAD = 0x00000000;
    /** Old name of KILL_THREAD. */
    public static final int SECCOMP_RET_KILL = SECCOMP_RET_KILL_THREAD;
    public static final int SECCOMP_RET_TRAP = 0x00030000;
    public static final int SECCOMP_RET_ERRNO = 0x00050000;
    public static final int SECCOMP_RET_USER_NOTIF = 0x7fc00000;
    public static final int SECCOMP_RET_TRACE = 0x7ff00000;
    public static final int SECCOMP_RET_LOG = 0x7ffc0000;
    public static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    /** Mask of the action, including the sign bit that makes KILL_PROCESS the strongest. */
    public static final int SECCOMP_RET_ACTION_FULL = 0xffff0000;
    /** The pre-KILL_PROCESS action mask. */
    public static final int SECCOMP_RET_ACTION = 0x7fff0000;
    public static final int SECCOMP_RET_DATA = 0x0000ffff;

    // struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }
    public static final int SECCOMP_DATA_NR = 0;
    public static final int SECCOMP_DATA_ARCH = 4;
    public static final int SECCOMP_DATA_IP = 8;
    public static final int SECCOMP_DATA_ARGS = 16;
    /** sizeof(struct seccomp_data): what BPF_LEN loads, and the bound of every BPF_ABS offset. */
    public static final int SECCOMP_DATA_SIZE = 64;

    /** Offset of the 64-bit {@code args[i]}. */
    public static int argOffset(int i) {
        if (i < 0 || i > 5) {
            throw new IllegalArgumentException("argument index out of 0..5: " + i);
        }
        return SECCOMP_DATA_ARGS + 8 * i;
    }

    /**
     * Offset of the low 32 bits of {@code args[i]}: the u64 sits in memory in the arch's byte
     * order, so the low word comes first on little-endian machines and second on big-endian ones.
     */
    public static int argLowOffset(int i, boolean littleEndian) {
        return argOffset(i) + (littleEndian ? 0 : 4);
    }

    /** Offset of the high 32 bits of {@code args[i]}. */
    public static int argHighOffset(int i, boolean littleEndian) {
        return argOffset(i) + (littleEndian ? 4 : 0);
    }

    /** Offset of the low word of {@code instruction_pointer}. */
    public static int ipLowOffset(boolean littleEndian) {
        return SECCOMP_DATA_IP + (littleEndian ? 0 : 4);
    }

    /** Offset of the high word of {@code instruction_pointer}. */
    public static int ipHighOffset(boolean littleEndian) {
        return SECCOMP_DATA_IP + (littleEndian ? 4 : 0);
    }

    /** The field a 4-aligned offset of seccomp_data falls in: {@code nr}, {@code args[2] (high)}... */
    public static String fieldName(int offset, boolean littleEndian) {
        if (offset < 0 || offset >= SECCOMP_DATA_SIZE || (offset & 3) != 0) {
            throw new IllegalArgumentException("not a word of seccomp_data: " + offset);
        }
        if (offset == SECCOMP_DATA_NR) {
            return "nr";
        }
        if (offset == SECCOMP_DATA_ARCH) {
            return "arch";
        }
        boolean firstWord = (offset & 4) == 0;
        String half = firstWord == littleEndian ? "low" : "high";
        String field = offset < SECCOMP_DATA_ARGS
                ? "instruction_pointer"
                : "args[" + (offset - SECCOMP_DATA_ARGS) / 8 + "]";
        return field + " (" + half + ")";
    }

    /** The instruction class: {@code code & 0x07}. */
    public static int bpfClass(int code) {
        return code & 0x07;
    }

    public static int bpfSize(int code) {
        return code & 0x18;
    }

    public static int bpfMode(int code) {
        return code & 0xe0;
    }

    /** ALU or jump operation: {@code code & 0xf0}. */
    public static int bpfOp(int code) {
        return code & 0xf0;
    }

    public static int bpfSrc(int code) {
        return code & 0x08;
    }

    public static int bpfRval(int code) {
        return code & 0x18;
    }

    public static int bpfMiscOp(int code) {
        return code & 0xf8;
    }

    /** The action part of a return value. */
    public static int action(int returnValue) {
        return returnValue & SECCOMP_RET_ACTION_FULL;
    }

    /** The data part of a return value (errno, TRACE message, TRAP si_errno). */
    public static int data(int returnValue) {
        return returnValue & SECCOMP_RET_DATA;
    }

    /** {@code SECCOMP_RET_ERRNO | errno}. */
    public static int errno(int errno) {
        return SECCOMP_RET_ERRNO | (errno & SECCOMP_RET_DATA);
    }

    /** {@code SECCOMP_RET_TRACE | message}. */
    public static int trace(int message) {
        return SECCOMP_RET_TRACE | (message & SECCOMP_RET_DATA);
    }

    /** {@code SECCOMP_RET_TRAP | data}. */
    public static int trap(int data) {
        return SECCOMP_RET_TRAP | (data & SECCOMP_RET_DATA);
    }

    /**
     * A return value in words: {@code ALLOW}, {@code ERRNO(1)}, {@code TRACE(7)}. Data is shown
     * for the actions that use it and, when not zero, for the others too, so that no two
     * different values read the same. Values that are no action print as hex.
     */
    public static String describeReturn(int value) {
        int data = data(value);
        String name = switch (action(value)) {
            case SECCOMP_RET_KILL_PROCESS -> "KILL_PROCESS";
            case SECCOMP_RET_KILL_THREAD -> "KILL_THREAD";
            case SECCOMP_RET_TRAP -> "TRAP";
            case SECCOMP_RET_ERRNO -> "ERRNO";
            case SECCOMP_RET_USER_NOTIF -> "USER_NOTIF";
            case SECCOMP_RET_TRACE -> "TRACE";
            case SECCOMP_RET_LOG -> "LOG";
            case SECCOMP_RET_ALLOW -> "ALLOW";
            default -> null;
        };
        if (name == null) {
            return String.format("0x%08x", value);
        }
        int action = action(value);
        boolean usesData = action == SECCOMP_RET_TRAP || action == SECCOMP_RET_ERRNO
                || action == SECCOMP_RET_TRACE;
        return usesData || data != 0 ? name + "(" + data + ")" : name;
    }
}
