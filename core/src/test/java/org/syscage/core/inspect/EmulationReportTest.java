package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

class EmulationReportTest {

    private static final List<Insn> LIBSECCOMP = ReferenceOutputs.program("libseccomp.amd64");

    /**
     * seccomp-tools' spec/cli/emu_spec.rb 'normal': write on x86_64 runs lines 0-4 and returns at 9.
     * Its plain text shows no path; syscage's is the same text with {@code >} on the lines that ran.
     */
    @Test
    void listingAndVerdictAsSeccompToolsWithThePathMarked() {
        int[] path = {0, 1, 2, 3, 4, 9};
        String expected = ReferenceOutputs.text("libseccomp.amd64.emu-write").lines()
                .map(l -> l.matches(" 000[012349]: .*") ? ">" + l.substring(1) : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertEquals(expected,
                EmulationReport.render(LIBSECCOMP, DisasmOptions.of(Arch.X86_64), path, 0x7fff0000, false));
    }

    /** seccomp-tools' emu_spec 'quiet' and 'kill process'. */
    @Test
    void quietPrintsOnlyTheVerdict() {
        assertEquals("return KILL at line 0010\n",
                EmulationReport.render(LIBSECCOMP, DisasmOptions.of(Arch.X86), new int[] {0, 1, 10}, 0, true));
        assertEquals("return KILL_PROCESS at line 0000\n", EmulationReport.render(List.of(Insn.stmt(0x06, 0x80000000)),
                DisasmOptions.of(Arch.X86_64), new int[] {0}, 0x80000000, true));
        assertEquals("return ERRNO(5) at line 0008\n", EmulationReport.verdict(0x50005, 8));
    }

    @Test
    void linesThatDidNotRunAreDimmedInColour() {
        String out = EmulationReport.render(LIBSECCOMP, DisasmOptions.of(Arch.X86_64).withColor(true),
                new int[] {0, 1, 2, 3, 4, 9}, 0x7fff0000, false);
        assertTrue(out.contains("\u001b[2m 0005: 0x15 0x03 0x00 0x00000003  if (A == \u001b[38;5;120mclose\u001b[0m\u001b[2m)"
                + " goto 0009\u001b[0m\n"), out);
        assertTrue(out.contains("\n 0004: 0x15 0x04 0x00 0x00000001  if (A == \u001b[38;5;120mwrite\u001b[0m) goto 0009\n"),
                "executed lines keep their normal look: " + out);
    }

    @Test
    void aLongTailAfterTheReturnIsOmitted() {
        List<Insn> diary = ReferenceOutputs.program("twctf-2016-diary.amd64");
        String out = EmulationReport.render(diary, DisasmOptions.of(Arch.X86_64), new int[] {0, 1, 2}, 0, false);
        List<String> lines = out.lines().toList();
        assertEquals(" 0007: 0x15 0x00 0x01 0x00000038  if (A != clone) goto 0009", lines.get(9));
        assertEquals("... (omitting 10 lines)", lines.get(10));
        assertEquals(List.of("", "return KILL at line 0002"), lines.subList(11, 13));
    }
}
