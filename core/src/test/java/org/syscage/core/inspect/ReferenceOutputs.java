package org.syscage.core.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

/**
 * seccomp-tools' own expected outputs (test resources under seccomp-tools/, sources in its
 * README.md). A disassembly with code columns is both the filter (its CODE/JT/JF/K columns) and
 * the text seccomp-tools prints for it.
 */
final class ReferenceOutputs {
    private ReferenceOutputs() {}

    private static final Pattern COLUMNS =
            Pattern.compile("^ \\d{4,}: 0x(\\p{XDigit}{2}) 0x(\\p{XDigit}{2}) 0x(\\p{XDigit}{2}) 0x(\\p{XDigit}{8})  .*$");

    static String text(String file) {
        try (InputStream in = ReferenceOutputs.class.getResourceAsStream("seccomp-tools/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference output " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The filter whose disassembly (with columns) is in {@code NAME.ARCH.disasm}. */
    static List<Insn> program(String nameDotArch) {
        List<Insn> program = new ArrayList<>();
        for (String line : text(nameDotArch + ".disasm").split("\n")) {
            Matcher m = COLUMNS.matcher(line);
            if (m.matches()) {
                program.add(new Insn(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16),
                        Integer.parseInt(m.group(3), 16), Integer.parseUnsignedInt(m.group(4), 16)));
            }
        }
        return program;
    }

    /** The arch of a reference file name such as {@code x32.amd64.disasm}. */
    static Arch arch(String nameDotArch) {
        return Arch.parse(nameDotArch.substring(nameDotArch.lastIndexOf('.') + 1));
    }
}
