package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.inspect.RealFilterReferences.EmuSample;

/**
 * syscage against seccomp-tools on filters met in practice: man-db's 455-instruction sandbox and
 * libseccomp's output for Docker's default profile, an allow-list with argument rules and a
 * deny-list, on x86_64, x86 and aarch64 at optimize levels 1 and 2.
 */
class SeccompToolsRealFiltersTest {

    static Stream<String> filters() {
        return RealFilterReferences.names();
    }

    /**
     * The one place seccomp-tools is wrong: in man-db's filter, after {@code if (A != i386.ipc)},
     * the 1.6 line names the loaded arguments after syscall 117 of {@code -a}'s table (amd64's
     * setresuid) although the path tested the i386 arch; 1.7 names them by the tested arch, as
     * syscage does. Each pair is seccomp-tools' text and the correct one.
     */
    private static final Map<String, List<String>> SECCOMP_TOOLS_ARG_NAMING_BUG = Map.of("man-db.amd64", List.of(
            "A = ruid # setresuid(ruid, euid, suid)", "A = call # i386.ipc(call, first, second, third, ptr, fifth)",
            "A = euid # setresuid(ruid, euid, suid)", "A = first # i386.ipc(call, first, second, third, ptr, fifth)"));

    /** seccomp-tools' text for NAME.VARIANT.disasm, with its known bug corrected. */
    private static String expectedDisassembly(String name, String file) {
        String text = RealFilterReferences.text(file);
        List<String> fixes = SECCOMP_TOOLS_ARG_NAMING_BUG.getOrDefault(name, List.of());
        for (int i = 0; i < fixes.size(); i += 2) {
            assertTrue(text.contains(fixes.get(i)), () -> file + " no longer shows the bug; drop the correction");
            text = text.replace(fixes.get(i), fixes.get(i + 1));
        }
        return text;
    }

    @ParameterizedTest
    @MethodSource("filters")
    void disassemblyIsSeccompToolsText(String name) {
        List<Insn> program = RealFilterReferences.program(name);
        Arch arch = RealFilterReferences.arch(name);
        assertEquals(expectedDisassembly(name, name + ".disasm"),
                Disassembler.disassemble(program, DisasmOptions.of(arch)));
        assertEquals(expectedDisassembly(name, name + ".no-bpf.disasm"),
                Disassembler.disassemble(program, DisasmOptions.of(arch).withShowBpf(false)));
        assertEquals(RealFilterReferences.text(name + ".asm-able.disasm"),
                Disassembler.disassemble(program, DisasmOptions.asmAble(arch)));
    }

    /** What seccomp-tools writes with --asm-able assembles back to the very bytes. */
    @ParameterizedTest
    @MethodSource("filters")
    void seccompToolsAsmAbleTextAssemblesToTheFilter(String name) {
        List<Insn> program = RealFilterReferences.program(name);
        Arch arch = RealFilterReferences.arch(name);
        String file = name + ".asm-able.disasm";
        assertEquals(program, Assembler.assemble(RealFilterReferences.text(file), file, arch));
        assertEquals(program, Assembler.assemble(Disassembler.disassemble(program, DisasmOptions.asmAble(arch)),
                file, arch));
    }

    /**
     * On every sampled syscall syscage's emulator takes the path seccomp-tools' emu showed and
     * returns at the same line, and the report marks that path and ends with seccomp-tools' line.
     */
    @ParameterizedTest
    @MethodSource("filters")
    void emulationFollowsSeccompToolsPath(String name) {
        List<Insn> program = RealFilterReferences.program(name);
        Arch arch = RealFilterReferences.arch(name);
        List<EmuSample> samples = RealFilterReferences.emuSamples(name);
        assertFalse(samples.isEmpty());
        for (EmuSample sample : samples) {
            SeccompData data = SeccompData.of(arch, syscallNumber(arch, sample.syscall()),
                    sample.args().stream().mapToLong(SeccompToolsRealFiltersTest::number).toArray());
            Emulator.Result result = Emulator.run(BpfProgram.of(program), data, arch);

            TreeSet<Integer> ran = new TreeSet<>();
            IntStream.of(result.path()).forEach(ran::add);
            assertEquals(sample.path(), List.copyOf(ran), () -> name + ": path of " + sample);

            String report = EmulationReport.render(program, DisasmOptions.of(arch), result.path(), result.value(), false);
            List<String> lines = report.lines().toList();
            List<Integer> marked = lines.stream().filter(l -> l.matches(">\\d{4}: .*"))
                    .map(l -> Integer.parseInt(l.substring(1, 5))).toList();
            assertEquals(sample.path(), marked, () -> name + ": lines marked for " + sample);
            assertEquals(sample.verdict(), lines.getLast(), () -> name + ": verdict of " + sample);
        }
    }

    private static int syscallNumber(Arch arch, String syscall) {
        return SyscallNames.of(arch).number(syscall).orElseGet(() -> (int) number(syscall));
    }

    private static long number(String text) {
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }
}
