package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;

/** Filters libseccomp made (tools/gen-libseccomp-fixtures.py): disassembled and re-assembled. */
class LibseccompFiltersTest {

    static Stream<String> fixtures() {
        List<String> names = new ArrayList<>();
        for (String profile : List.of("basic", "arguments", "actions", "docker")) {
            for (String arch : List.of("x86_64", "x86", "aarch64")) {
                for (int level : new int[] {1, 2}) {
                    names.add(profile + "." + arch + ".o" + level);
                }
            }
        }
        names.add("basic.x86_64+x86+x32.o1");
        return names.stream();
    }

    static List<Insn> read(String name) {
        try (InputStream in = LibseccompFiltersTest.class.getResourceAsStream("libseccomp/" + name + ".bpf")) {
            return BpfProgram.fromBytes(in.readAllBytes(), ByteOrder.LITTLE_ENDIAN).instructions();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Arch arch(String name) {
        return Arch.parse(name.split("[.+]")[1]);
    }

    private static final Pattern LINE = Pattern.compile(" \\d{4}: 0x\\p{XDigit}{2} 0x\\p{XDigit}{2} 0x\\p{XDigit}{2} "
            + "0x\\p{XDigit}{8}  (A [-+*/&|^<>]*= .+|X = .+|mem\\[\\d+] = [AX]|if \\(.+\\) goto \\d{4}( else goto \\d{4})?"
            + "|goto \\d{4}|return .+)");

    @ParameterizedTest
    @MethodSource("fixtures")
    void disassemblesInSeccompToolsFormat(String name) {
        List<Insn> program = read(name);
        List<String> lines = Disassembler.lines(program, DisasmOptions.of(arch(name)));
        assertEquals(program.size(), lines.size());
        lines.forEach(l -> assertTrue(LINE.matcher(l).matches(), l));
        assertEquals(String.format(" 0000: 0x20 0x00 0x00 0x00000004  A = arch"), lines.getFirst(),
                "libseccomp filters start by loading the arch");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void asmAbleRoundTrip(String name) {
        List<Insn> program = read(name);
        String text = Disassembler.disassemble(program, DisasmOptions.asmAble(arch(name)));
        assertEquals(program, Assembler.assemble(text, name, arch(name)));
    }

    @Test
    void multiArchFilterNamesEachArchsSyscalls() {
        List<String> s = Disassembler.statements(read("basic.x86_64+x86+x32.o1"), DisasmOptions.of(Arch.X86_64));
        assertTrue(s.contains("if (A == x32_read) goto 0033"), String.join("\n", s));
        assertTrue(s.contains("if (A == i386.read) goto 0033"), String.join("\n", s));
        assertTrue(s.contains("A = flags >> 32 # openat(dfd, filename, flags, mode)"), String.join("\n", s));
        assertTrue(s.contains("if (A != i386.openat) goto 0032"), String.join("\n", s));
    }

    @Test
    void everyActionIsNamed() {
        List<String> s = Disassembler.statements(read("actions.x86_64.o1"), DisasmOptions.of(Arch.X86_64));
        for (String expected : List.of("return TRACE", "return KILL_PROCESS", "return LOG", "return TRAP",
                "return ERRNO(38)", "return ERRNO(1)", "return ALLOW", "return KILL")) {
            assertTrue(s.contains(expected), expected + " in " + s);
        }
        // seccomp-tools' amd64 table stops at statx (332): clone3 (435) stays a number
        assertTrue(s.contains("if (A == 0x1b3) goto 0017"), String.join("\n", s));
    }
}
