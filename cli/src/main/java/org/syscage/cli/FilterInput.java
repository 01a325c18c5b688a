package org.syscage.cli;

import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Supplier;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;
import org.syscage.core.format.ProfileReader;

/**
 * Reads a raw filter, an array of {@code struct sock_filter} as the kernel holds it, from a file
 * or {@code -} (stdin). The bytes are in the byte order of the filter's arch, as seccomp-tools
 * reads them: this machine's for its own arch.
 */
final class FilterInput {
    private FilterInput() {}

    /** The bytes of the file or stdin; one that cannot be read (missing, a directory) is an error naming it. */
    static byte[] bytes(String input) {
        return ProfileReader.readBytes(input, System.in);
    }

    /**
     * The filter in {@code input}, which must hold at least one instruction: the kernel refuses an
     * empty one, so there is nothing to show or run (disasm, emu and decompile agree on this).
     */
    static List<Insn> read(String input, Arch arch) {
        List<Insn> program = parse(bytes(input), input, arch);
        if (program.isEmpty()) {
            throw new InputException(name(input) + ": the filter is empty, expected at least one instruction "
                    + "(the kernel takes 1 to 4096)");
        }
        return program;
    }

    static List<Insn> parse(byte[] bytes, String input, Arch arch) {
        return naming(input, () -> BpfProgram.fromBytes(bytes, order(arch)).instructions());
    }

    static byte[] toBytes(List<Insn> program, Arch arch) {
        return BpfProgram.of(program).toBytes(order(arch));
    }

    private static ByteOrder order(Arch arch) {
        return arch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** The input as errors name it: the file, or {@code <stdin>} for {@code -}. */
    static String name(String input) {
        return input.equals("-") ? "<stdin>" : input;
    }

    /** Prefixes an error about the filter's content with the input's name. */
    static InputException about(String input, InputException e) {
        return new InputException(name(input) + ": " + e.getMessage(), e);
    }

    /** Does {@code work} on the filter's content; an error about that content names the input. */
    static <T> T naming(String input, Supplier<T> work) {
        try {
            return work.get();
        } catch (InputException e) {
            throw about(input, e);
        }
    }
}
