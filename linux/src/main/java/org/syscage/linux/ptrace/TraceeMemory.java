package org.syscage.linux.ptrace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.syscage.core.arch.Arch;
import org.syscage.linux.seccomp.SockFprog;

/**
 * Reads a stopped tracee's memory through {@code /proc/PID/mem}, which a tracer may read at any
 * address the tracee has mapped (one pread per range, no word-by-word PTRACE_PEEKDATA).
 */
final class TraceeMemory {
    private TraceeMemory() {
    }

    /** {@code length} bytes at {@code address} in thread {@code tid}'s address space. */
    static byte[] read(int tid, long address, int length) throws IOException {
        if (address < 0) {
            throw new IOException("address 0x" + Long.toHexString(address) + " is outside user space");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Integer.toString(tid), "mem"), StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                int n = mem.read(buffer, address + buffer.position());
                if (n <= 0) {
                    throw new IOException("cannot read " + length + " bytes at 0x" + Long.toHexString(address));
                }
            }
        }
        return buffer.array();
    }

    /**
     * The program a {@code struct sock_fprog} at {@code fprog} points to, laid out as a tracee of
     * {@code arch} lays it out: {@code unsigned short len} then the pointer, aligned to its own
     * size (offset 4 on 32-bit ABIs, 8 on 64-bit ones), both in the arch's byte order.
     */
    static byte[] readProgram(int tid, long fprog, Arch arch) throws IOException {
        int pointerBytes = InstallRequest.pointerBytes(arch);
        byte[] struct = read(tid, fprog, 2 * pointerBytes);
        SockFprogView view = SockFprogView.decode(struct, arch);
        if (view.length() == 0 || view.length() > SockFprog.MAX_INSTRUCTIONS) {
            throw new IOException("sock_fprog at 0x" + Long.toHexString(fprog) + " has " + view.length()
                    + " instructions, which the kernel refuses");
        }
        return read(tid, view.filter(), view.length() * SockFprog.INSTRUCTION_BYTES);
    }

    /** A tracee's {@code struct sock_fprog}: the instruction count and the address of the array. */
    record SockFprogView(int length, long filter) {
        static SockFprogView decode(byte[] struct, Arch arch) {
            ByteBuffer buf = ByteBuffer.wrap(struct)
                    .order(arch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int pointerBytes = InstallRequest.pointerBytes(arch);
            long filter = pointerBytes == 4 ? Integer.toUnsignedLong(buf.getInt(4)) : buf.getLong(8);
            return new SockFprogView(Short.toUnsignedInt(buf.getShort(0)), filter);
        }
    }
}
