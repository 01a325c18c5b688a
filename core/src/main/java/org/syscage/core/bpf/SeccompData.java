package org.syscage.core.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

import org.syscage.core.arch.Arch;

/**
 * What a seccomp filter sees of one syscall, {@code struct seccomp_data}:
 * <pre>
 *   int   nr;                    offset  0
 *   __u32 arch;                  offset  4  (AUDIT_ARCH_*)
 *   __u64 instruction_pointer;   offset  8
 *   __u64 args[6];               offset 16, 24, ... 56
 * </pre>
 * The kernel fills it in the machine's byte order and leaves endianness to the filter, so a
 * 32-bit load of a 64-bit field returns the low half first on little-endian machines and the
 * high half first on big-endian ones ({@link #word}).
 *
 * @param nr the syscall number, as the kernel passes it (x32 numbers include bit 30)
 * @param arch the AUDIT_ARCH_* value
 * @param instructionPointer the user-space address of the syscall instruction
 * @param args the six argument registers; copied in and out
 */
public record SeccompData(int nr, int arch, long instructionPointer, long[] args) {
    /** Number of syscall arguments in seccomp_data. */
    public static final int ARGS = 6;

    public SeccompData {
        if (args.length != ARGS) {
            throw new IllegalArgumentException("seccomp_data has 6 arguments, got " + args.length);
        }
        args = args.clone();
    }

    /**
     * The data the kernel produces for a syscall of {@code arch}: its AUDIT_ARCH, the given number
     * taken as is, missing arguments zero. On a 32-bit ABI (other than x32, which passes full
     * 64-bit registers) each argument is a 32-bit register, which a 32-bit kernel or a compat
     * layer zero-extends, so only the low 32 bits of each argument are kept.
     */
    public static SeccompData of(Arch arch, int nr, long... args) {
        if (args.length > ARGS) {
            throw new IllegalArgumentException("at most 6 arguments, got " + args.length);
        }
        long[] all = Arrays.copyOf(args, ARGS);
        if (!hasWideRegisters(arch)) {
            for (int i = 0; i < ARGS; i++) {
                all[i] &= 0xffffffffL;
            }
        }
        return new SeccompData(nr, arch.auditArch(), 0, all);
    }

    /**
     * Whether the arch's syscall registers are 64 bits wide: every 64-bit ABI, and x32, whose
     * syscalls take the full 64-bit registers of x86_64 although its pointers are 32-bit.
     */
    public static boolean hasWideRegisters(Arch arch) {
        return arch.is64Bit() || arch == Arch.X32;
    }

    @Override
    public long[] args() {
        return args.clone();
    }

    public long arg(int i) {
        return args[i];
    }

    public SeccompData withNr(int newNr) {
        return new SeccompData(newNr, arch, instructionPointer, args);
    }

    public SeccompData withArg(int i, long value) {
        long[] copy = args.clone();
        copy[i] = value;
        return new SeccompData(nr, arch, instructionPointer, copy);
    }

    /**
     * The 32-bit word at {@code offset} as {@code BPF_LD|BPF_W|BPF_ABS} loads it on a machine of
     * the given byte order.
     *
     * @throws IllegalArgumentException unless offset is 4-aligned and below 64, which is
     *         what the kernel's filter check demands of every load
     */
    public int word(int offset, boolean littleEndian) {
        if (offset < 0 || offset >= Bpf.SECCOMP_DATA_SIZE || (offset & 3) != 0) {
            throw new IllegalArgumentException("seccomp_data has no aligned word at offset " + offset);
        }
        return wordUnchecked(offset, littleEndian);
    }

    /** {@link #word} for offsets already known to be valid (the emulator's hot path). */
    int wordUnchecked(int offset, boolean littleEndian) {
        if (offset == Bpf.SECCOMP_DATA_NR) {
            return nr;
        }
        if (offset == Bpf.SECCOMP_DATA_ARCH) {
            return arch;
        }
        long field = offset < Bpf.SECCOMP_DATA_ARGS
                ? instructionPointer
                : args[(offset - Bpf.SECCOMP_DATA_ARGS) >>> 3];
        boolean firstWord = (offset & 4) == 0;
        return firstWord == littleEndian ? (int) field : (int) (field >>> 32);
    }

    /** The 64 bytes of struct seccomp_data in the given byte order. */
    public byte[] toBytes(ByteOrder order) {
        ByteBuffer buf = ByteBuffer.allocate(Bpf.SECCOMP_DATA_SIZE).order(order);
        buf.putInt(nr).putInt(arch).putLong(instructionPointer);
        for (long a : args) {
            buf.putLong(a);
        }
        return buf.array();
    }

    /** Reads the 64 bytes of struct seccomp_data. */
    public static SeccompData fromBytes(byte[] bytes, ByteOrder order) {
        if (bytes.length != Bpf.SECCOMP_DATA_SIZE) {
            throw new IllegalArgumentException("struct seccomp_data is 64 bytes, got " + bytes.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
        int nr = buf.getInt();
        int arch = buf.getInt();
        long ip = buf.getLong();
        long[] args = new long[ARGS];
        for (int i = 0; i < ARGS; i++) {
            args[i] = buf.getLong();
        }
        return new SeccompData(nr, arch, ip, args);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeccompData d && nr == d.nr && arch == d.arch
                && instructionPointer == d.instructionPointer && Arrays.equals(args, d.args);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * nr + arch) + Long.hashCode(instructionPointer)) + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder("seccomp_data{nr=").append(nr)
                .append(", arch=0x").append(hex.toHexDigits(arch))
                .append(", ip=0x").append(Long.toHexString(instructionPointer))
                .append(", args=[");
        for (int i = 0; i < ARGS; i++) {
            sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(args[i]));
        }
        return sb.append("]}").toString();
    }
}
