package org.syscage.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

/**
 * Reads a raw filter, an array of {@code struct sock_filter} as the kernel holds it, from a file
 * or {@code -} (stdin). The bytes are in the byte order of the filter's arch, as seccomp-tools
 * reads them: this machine's for its own arch.
 */
final class FilterInput {
    private FilterInput() {}

    static byte[] bytes(String input) throws IOException {
        return input.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
    }

    static List<Insn> read(String input, Arch arch) throws IOException {
        return parse(bytes(input), input, arch);
    }

    static List<Insn> parse(byte[] bytes, String input, Arch arch) {
        if (bytes.length % Insn.BYTES != 0) {
            throw new InputException((input.equals("-") ? "<stdin>" : input) + ": a filter is a sequence of 8-byte "
                    + "sock_filter records, but it has " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(arch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        List<Insn> program = new ArrayList<>(bytes.length / Insn.BYTES);
        while (b.hasRemaining()) {
            program.add(new Insn(Short.toUnsignedInt(b.getShort()), Byte.toUnsignedInt(b.get()),
                    Byte.toUnsignedInt(b.get()), b.getInt()));
        }
        return program;
    }

    static byte[] toBytes(List<Insn> program, Arch arch) {
        ByteBuffer b = ByteBuffer.allocate(program.size() * Insn.BYTES)
                .order(arch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        for (Insn in : program) {
            b.putShort((short) in.code()).put((byte) in.jt()).put((byte) in.jf()).putInt(in.k());
        }
        return b.array();
    }

    /** Prefixes an error about the filter's content with the input's name. */
    static InputException about(String input, InputException e) {
        return new InputException((input.equals("-") ? "<stdin>" : input) + ": " + e.getMessage(), e);
    }
}
