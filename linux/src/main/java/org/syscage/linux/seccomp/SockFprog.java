package org.syscage.linux.seccomp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct sock_fprog}, the argument of {@code seccomp(SECCOMP_SET_MODE_FILTER)}:
 * <pre>
 * struct sock_fprog {
 *     unsigned short      len;     // number of instructions
 *     struct sock_filter *filter;  // 8 bytes each: u16 code, u8 jt, u8 jf, u32 k
 * };
 * </pre>
 * The C ABI aligns the pointer to its own size, so on a 64-bit host {@code len} is followed by
 * six bytes of padding and the struct is 16 bytes; the layout is computed from the host's
 * pointer size rather than written down for one arch.
 */
public final class SockFprog {
    /** BPF_MAXINSNS: the kernel refuses longer programs. */
    public static final int MAX_INSTRUCTIONS = 4096;
    /** sizeof(struct sock_filter). */
    public static final int INSTRUCTION_BYTES = 8;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("len"),
            MemoryLayout.paddingLayout(ADDRESS.byteAlignment() - JAVA_SHORT.byteSize()),
            ADDRESS.withName("filter"));

    private static final VarHandle LEN = LAYOUT.varHandle(PathElement.groupElement("len"));
    private static final VarHandle FILTER = LAYOUT.varHandle(PathElement.groupElement("filter"));

    private SockFprog() {
    }

    /**
     * Copies a program (a {@code sock_filter} array in host byte order) into native memory and
     * returns a {@code sock_fprog} pointing at it; both live as long as {@code arena}.
     */
    public static MemorySegment allocate(Arena arena, byte[] program) {
        check(program);
        MemorySegment filter = arena.allocate(program.length, Long.BYTES);
        MemorySegment.copy(program, 0, filter, JAVA_BYTE, 0, program.length);
        MemorySegment fprog = arena.allocate(LAYOUT);
        LEN.set(fprog, 0L, (short) (program.length / INSTRUCTION_BYTES));
        FILTER.set(fprog, 0L, filter);
        return fprog;
    }

    /** Rejects what cannot be a sock_filter array before the kernel sees it. */
    public static void check(byte[] program) {
        if (program.length == 0) {
            throw new IllegalArgumentException("a seccomp program needs at least one instruction");
        }
        if (program.length % INSTRUCTION_BYTES != 0) {
            throw new IllegalArgumentException("a seccomp program is a whole number of 8-byte instructions, got "
                    + program.length + " bytes");
        }
        if (program.length / INSTRUCTION_BYTES > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("the kernel takes at most " + MAX_INSTRUCTIONS + " instructions, got "
                    + program.length / INSTRUCTION_BYTES);
        }
    }
}
