package org.syscage.linux.ptrace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.LongFunction;

/**
 * Static x86 executables of a few dozen bytes, for making exactly the system calls a test wants:
 * one ELF header, one loadable segment holding the data and then the code, no libc. The code is
 * machine code written out byte by byte; {@link Code} has the handful of instructions needed.
 */
final class TinyElf {
    private static final long BASE_64 = 0x400000;
    private static final long BASE_32 = 0x08048000;
    private static final int HEADERS_64 = 64 + 56;
    private static final int HEADERS_32 = 52 + 32;

    private TinyElf() {
    }

    /**
     * An x86_64 executable: the data is loaded right after the headers, the code after the data;
     * both functions get the data's address.
     */
    static Path x86_64(Path file, LongFunction<byte[]> dataAt, LongFunction<byte[]> code) throws IOException {
        long dataAddress = BASE_64 + HEADERS_64;
        byte[] data = dataAt.apply(dataAddress);
        byte[] text = code.apply(dataAddress);
        int size = HEADERS_64 + data.length + text.length;
        ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        elf.putShort((short) 2).putShort((short) 62).putInt(1);           // ET_EXEC, EM_X86_64, EV_CURRENT
        elf.putLong(dataAddress + data.length).putLong(64).putLong(0);    // entry, phoff, shoff
        elf.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        elf.putInt(1).putInt(5).putLong(0).putLong(BASE_64).putLong(BASE_64) // PT_LOAD, R+X, whole file
                .putLong(size).putLong(size).putLong(0x1000);
        elf.put(data).put(text);
        return write(file, elf.array());
    }

    /** An i386 executable, laid out like {@link #x86_64}. */
    static Path i386(Path file, LongFunction<byte[]> dataAt, LongFunction<byte[]> code) throws IOException {
        long dataAddress = BASE_32 + HEADERS_32;
        byte[] data = dataAt.apply(dataAddress);
        byte[] text = code.apply(dataAddress);
        int size = HEADERS_32 + data.length + text.length;
        ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0}).put(new byte[8]);
        elf.putShort((short) 2).putShort((short) 3).putInt(1);            // ET_EXEC, EM_386, EV_CURRENT
        elf.putInt((int) (dataAddress + data.length)).putInt(52).putInt(0);
        elf.putInt(0).putShort((short) 52).putShort((short) 32).putShort((short) 1)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        elf.putInt(1).putInt(0).putInt((int) BASE_32).putInt((int) BASE_32)
                .putInt(size).putInt(size).putInt(5).putInt(0x1000);
        elf.put(data).put(text);
        return write(file, elf.array());
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** A few x86 instructions (the same encodings serve i386 and x86_64 here). */
    static final class Code {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private Code op(int opcode, long imm32) {
            bytes.write(opcode);
            ByteBuffer imm = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) imm32);
            bytes.writeBytes(imm.array());
            return this;
        }

        /** mov eax, imm32 (the system call number). */
        Code eax(long v) {
            return op(0xb8, v);
        }

        Code ebx(long v) {
            return op(0xbb, v);
        }

        Code ecx(long v) {
            return op(0xb9, v);
        }

        Code edx(long v) {
            return op(0xba, v);
        }

        Code esi(long v) {
            return op(0xbe, v);
        }

        Code edi(long v) {
            return op(0xbf, v);
        }

        /** xor r10d, r10d; xor r8d, r8d (x86_64: the fourth and fifth system call arguments). */
        Code clearR10R8() {
            bytes.writeBytes(new byte[] {0x45, 0x31, (byte) 0xd2, 0x45, 0x31, (byte) 0xc0});
            return this;
        }

        /** syscall (x86_64). */
        Code syscall() {
            bytes.writeBytes(new byte[] {0x0f, 0x05});
            return this;
        }

        /** int 0x80 (i386). */
        Code int80() {
            bytes.writeBytes(new byte[] {(byte) 0xcd, (byte) 0x80});
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
