package org.syscage.linux.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.syscage.core.arch.Arch;

/**
 * The trampoline listings say what their bytes do: every jump lands on the label it names
 * (decoded here from the ISA's branch formats), and, where a disassembler for the arch is
 * installed, objdump reads each instruction exactly as the listing writes it.
 */
class TrampolineListingTest {
    private static final Pattern LABEL = Pattern.compile(" (\\.[a-z]+)$");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "AARCH64"})
    void everyJumpLandsOnTheLabelItNames(Arch arch) {
        Listing listing = Trampoline.listing(arch);
        int jumps = 0;
        for (Listing.Line line : listing.lines()) {
            Matcher label = LABEL.matcher(line.assembly());
            if (label.find()) {
                assertTrue(listing.labels().containsKey(label.group(1)), "no label " + label.group(1));
                int decoded = arch == Arch.X86_64 ? x86Target(line) : a64Target(line);
                assertEquals(listing.labels().get(label.group(1)), decoded, line.assembly());
                jumps++;
            }
        }
        assertTrue(jumps > 10, "the listing's jumps were found");
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "AARCH64"})
    void theCodeFitsInItsPageAndEndsInATrap(Arch arch) {
        Listing listing = Trampoline.listing(arch);
        byte[] code = listing.code();
        assertTrue(code.length < 4096);
        Listing.Line last = listing.lines().getLast();
        assertEquals(arch == Arch.X86_64 ? "ud2" : "udf #0", last.assembly());
        assertEquals(last.offset() + last.bytes().length, code.length);
    }

    @Test
    void docsRunMdShowsBothListingsAsTheyAre() throws IOException {
        // Tests run in the module directory; the docs sit next to it.
        String doc = Files.readString(Path.of("..", "docs", "run.md"));
        assertTrue(doc.contains("```text\n" + X86_64Trampoline.LISTING + "```"), "x86_64 listing in docs/run.md");
        assertTrue(doc.contains("```text\n" + Aarch64Trampoline.LISTING + "```"), "aarch64 listing in docs/run.md");
    }

    @Test
    void otherArchesAreRefusedByName() {
        var e = assertThrows(UnsupportedOperationException.class, () -> Trampoline.listing(Arch.RISCV64));
        assertEquals("running a command under a filter is not supported on riscv64 yet (x86_64 and aarch64 are)",
                e.getMessage());
    }

    @Test
    void aListingLineIsBytesBarAssemblyAndComment() {
        Listing listing = Listing.parse("""
                ; a comment line
                start:
                        0f 05        | syscall        ; enter the kernel
                        c3           | ret
                """, Listing.Hex.BYTES);
        assertEquals(Map.of("start", 0), listing.labels());
        assertEquals("syscall", listing.lines().getFirst().assembly());
        assertEquals("enter the kernel", listing.lines().getFirst().comment());
        assertEquals(2, listing.lines().get(1).offset());
        assertEquals(List.of((byte) 0x0f, (byte) 0x05, (byte) 0xc3), toList(listing.code()));

        Listing words = Listing.parse("d65f03c0 | ret", Listing.Hex.LITTLE_ENDIAN_WORDS);
        assertEquals(List.of((byte) 0xc0, (byte) 0x03, (byte) 0x5f, (byte) 0xd6), toList(words.code()));
    }

    /** One comparison per arch whose disassembler is installed (binutils; none is required). */
    @TestFactory
    Stream<DynamicTest> objdumpReadsTheListingAsWritten() {
        Map<Arch, List<String>> tools = new LinkedHashMap<>();
        tools.put(Arch.X86_64, List.of("x86_64-linux-gnu-objdump", "objdump"));
        tools.put(Arch.AARCH64, List.of("aarch64-linux-gnu-objdump", "objdump"));
        Map<Arch, String> machines = Map.of(Arch.X86_64, "i386:x86-64", Arch.AARCH64, "aarch64");
        List<DynamicTest> tests = new ArrayList<>();
        tools.forEach((arch, candidates) -> {
            for (String tool : candidates) {
                Listing listing = Trampoline.listing(arch);
                Optional<List<String>> disassembly = disassemble(tool, machines.get(arch), listing.code());
                if (disassembly.isPresent()) {
                    tests.add(DynamicTest.dynamicTest(arch + " with " + tool,
                            () -> assertEquals(expected(listing), disassembly.get())));
                    break;
                }
            }
        });
        // CI installs binutils for both arches (.ci/run): every listing must be checked there.
        if (System.getenv("CI") != null) {
            assertEquals(tools.size(), tests.size(), "CI must have objdump for " + tools.keySet());
        }
        return tests.stream();
    }

    /** The listing's instructions as "offset: assembly", labels replaced by their addresses. */
    private static List<String> expected(Listing listing) {
        List<String> lines = new ArrayList<>();
        for (Listing.Line line : listing.lines()) {
            String assembly = line.assembly();
            Matcher label = LABEL.matcher(assembly);
            if (label.find()) {
                assembly = assembly.substring(0, label.start(1))
                        + "0x" + Integer.toHexString(listing.labels().get(label.group(1)));
            }
            lines.add(Integer.toHexString(line.offset()) + ": " + normalize(assembly));
        }
        return lines;
    }

    private Optional<List<String>> disassemble(String tool, String machine, byte[] code) {
        try {
            Path file = Files.write(dir.resolve(machine.replace(':', '_') + ".bin"), code);
            List<String> command = new ArrayList<>(List.of(tool, "-D", "-b", "binary", "-m", machine));
            if (machine.startsWith("i386")) {
                command.addAll(List.of("-M", "intel"));
            }
            command.add(file.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            // "  1a9:\t41 89 41 58          \tmov    DWORD PTR [r9+0x58],eax"; long encodings
            // continue on a line with bytes only, which has no third column.
            Pattern instruction = Pattern.compile("^\\s*([0-9a-f]+):\\t[^\\t]+\\t(.+)$");
            List<String> lines = new ArrayList<>();
            for (String line : output.split("\n")) {
                Matcher m = instruction.matcher(line);
                if (m.matches()) {
                    String assembly = m.group(2).replaceAll("//.*", "");
                    lines.add(m.group(1) + ": " + normalize(assembly));
                }
            }
            return Optional.of(lines);
        } catch (IOException e) {
            return Optional.empty(); // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String normalize(String assembly) {
        return assembly.strip().toLowerCase().replaceAll("\\s+", " ").replace(", ", ",");
    }

    /** x86 jcc/jmp: rel8 (7x, eb) or rel32 (0f 8x), relative to the next instruction. */
    private static int x86Target(Listing.Line line) {
        byte[] b = line.bytes();
        int next = line.offset() + b.length;
        if (b.length == 2 && ((b[0] & 0xf0) == 0x70 || (b[0] & 0xff) == 0xeb)) {
            return next + b[1];
        }
        if (b.length == 6 && b[0] == 0x0f && (b[1] & 0xf0) == 0x80) {
            return next + ((b[2] & 0xff) | (b[3] & 0xff) << 8 | (b[4] & 0xff) << 16 | b[5] << 24);
        }
        throw new AssertionError("not a jump: " + line.assembly());
    }

    /** A64 branches: B (imm26), B.cond and CBZ/CBNZ (imm19), TBZ/TBNZ (imm14), in words. */
    private static int a64Target(Listing.Line line) {
        byte[] b = line.bytes();
        int word = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        int words;
        if ((word & 0xfc000000) == 0x14000000) {
            words = word << 6 >> 6;
        } else if ((word & 0xff000010) == 0x54000000 || (word & 0x7e000000) == 0x34000000) {
            words = word << 8 >> 13;
        } else if ((word & 0x7e000000) == 0x36000000) {
            words = word << 13 >> 18;
        } else {
            throw new AssertionError("not a branch: " + line.assembly());
        }
        return line.offset() + 4 * words;
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
