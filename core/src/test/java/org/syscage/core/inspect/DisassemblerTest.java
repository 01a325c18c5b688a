package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

class DisassemblerTest {

    /** Every filter of seccomp-tools' test suite disassembles to the text seccomp-tools expects. */
    @ParameterizedTest
    @ValueSource(strings = {"twctf-2016-diary.amd64", "twctf-2016-diary.i386", "libseccomp.amd64",
            "CONFidence-2017-amigo.i386", "DEF-CON-2020-bdooos.aarch64", "x32.amd64",
            "gctf-2019-quals-caas.amd64", "unknown-syscall-args.amd64", "all_inst.amd64", "misc_alu.amd64",
            "else-jmp.amd64", "mixed_arch.amd64"})
    void matchesSeccompTools(String reference) {
        List<Insn> program = ReferenceOutputs.program(reference);
        String expected = ReferenceOutputs.text(reference + ".disasm");
        assertEquals(expected, Disassembler.disassemble(program, DisasmOptions.of(ReferenceOutputs.arch(reference))));
    }

    @Test
    void withoutCodeColumns() {
        List<Insn> diary = ReferenceOutputs.program("twctf-2016-diary.i386");
        assertEquals(ReferenceOutputs.text("twctf-2016-diary.i386.no-bpf.disasm"),
                Disassembler.disassemble(diary, DisasmOptions.of(Arch.X86).withShowBpf(false)));
        List<Insn> elseJmp = ReferenceOutputs.program("else-jmp.amd64");
        assertEquals(ReferenceOutputs.text("else-jmp.amd64.no-bpf.disasm"),
                Disassembler.disassemble(elseJmp, DisasmOptions.of(Arch.X86_64).withShowBpf(false)));
    }

    @Test
    void withoutArgumentNames() {
        List<Insn> x32 = ReferenceOutputs.program("x32.amd64");
        assertEquals(ReferenceOutputs.text("x32.amd64.no-arg-infer.disasm"),
                Disassembler.disassemble(x32, DisasmOptions.of(Arch.X86_64).withInferArgs(false)));
    }

    @Test
    void asmAble() {
        List<Insn> x32 = ReferenceOutputs.program("x32.amd64");
        assertEquals(ReferenceOutputs.text("x32.amd64.asm-able.disasm"),
                Disassembler.disassemble(x32, DisasmOptions.asmAble(Arch.X86_64)));
    }

    @Test
    void asmAbleKeepsWhatThePlainTextDrops() {
        List<Insn> p = List.of(Insn.stmt(0x80, 0), Insn.stmt(0x81, 0), Insn.stmt(0x06, 0x7ff00005),
                Insn.stmt(0x06, 0x0000003b), Insn.stmt(0x06, 0x00010000));
        assertEquals(List.of("A = 64", "X = 64", "return TRACE", "return KILL", "return 0x10000"),
                Disassembler.statements(p, DisasmOptions.of(Arch.X86_64)));
        assertEquals(List.of("A = len", "X = len", "return TRACE(5)", "return KILL(59)", "return 0x10000"),
                Disassembler.statements(p, DisasmOptions.asmAble(Arch.X86_64)));
    }

    @Test
    void actionsWithTheirNames() {
        List<Insn> p = List.of(Insn.stmt(0x06, 0x80000000), Insn.stmt(0x06, 0x00030000), Insn.stmt(0x06, 0x7fc00000),
                Insn.stmt(0x06, 0x7ffc0000), Insn.stmt(0x06, 0x00050026), Insn.stmt(0x16, 0));
        assertEquals(List.of("return KILL_PROCESS", "return TRAP", "return USER_NOTIF", "return LOG",
                "return ERRNO(38)", "return A"), Disassembler.statements(p, DisasmOptions.of(Arch.X86_64)));
    }

    /** seccomp-tools: 'invalid jmp' — code 0x55 is no jump seccomp knows. */
    @Test
    void refusesWhatSeccompCannotRun() {
        InputException e = assertThrows(InputException.class,
                () -> Disassembler.disassemble(List.of(Insn.stmt(0x55, 0)), DisasmOptions.of(Arch.X86_64)));
        assertEquals("instruction 0000 (code 0x55) is invalid: unknown jmp type", e.getMessage());
        assertThrows(InputException.class, () -> Disassembler.statements(List.of(Insn.stmt(0x94, 3)),
                DisasmOptions.of(Arch.X86_64)), "BPF_MOD is not allowed in seccomp");
        assertThrows(InputException.class, () -> Disassembler.statements(List.of(Insn.stmt(0x40, 3)),
                DisasmOptions.of(Arch.X86_64)), "indirect loads are not allowed in seccomp");
    }

    @Test
    void argumentWordsFollowTheArchByteOrder() {
        // s390x is big-endian: the word at the lower address of a 64-bit field is its high half
        List<Insn> p = List.of(Insn.stmt(0x20, 0x10), Insn.stmt(0x20, 0x14), Insn.stmt(0x20, 0x08));
        assertEquals(List.of("A = args[0] >> 32", "A = args[0]", "A = instruction_pointer >> 32"),
                Disassembler.statements(p, DisasmOptions.of(Arch.S390X)));
        assertEquals(List.of("A = args[0]", "A = args[0] >> 32", "A = instruction_pointer"),
                Disassembler.statements(p, DisasmOptions.of(Arch.X86_64)));
    }

    @Test
    void namesArgumentsOnTheArchTheFilterTested() {
        // arch == i386 && nr == 37 (kill on i386): args are kill's, named on i386 though -a is amd64
        List<Insn> p = List.of(
                Insn.stmt(0x20, 4), Insn.jump(0x15, 0x40000003, 0, 3),
                Insn.stmt(0x20, 0), Insn.jump(0x15, 37, 0, 1),
                Insn.stmt(0x20, 0x18), Insn.stmt(0x06, 0));
        List<String> s = Disassembler.statements(p, DisasmOptions.of(Arch.X86_64));
        assertEquals("if (A != i386.kill) goto 0005", s.get(3));
        assertEquals("A = sig # i386.kill(pid, sig)", s.get(4));
    }

    @Test
    void otherArchesUseTheKernelTable() {
        List<Insn> p = List.of(Insn.stmt(0x20, 4), Insn.jump(0x15, 0x40000028, 0, 2),
                Insn.stmt(0x20, 0), Insn.jump(0x15, 322, 1, 0), Insn.stmt(0x06, 0x7fff0000));
        List<String> s = Disassembler.statements(p, DisasmOptions.of(Arch.ARM));
        assertEquals("if (A != ARCH_ARM) goto 0004", s.get(1));
        assertEquals("if (A == openat) goto 0005", s.get(3));
    }

    @Test
    void coloursOnlyWhenAsked() {
        List<Insn> p = ReferenceOutputs.program("libseccomp.amd64");
        String coloured = Disassembler.disassemble(p, DisasmOptions.of(Arch.X86_64).withColor(true));
        assertTrue(coloured.contains("if (A != \u001b[38;5;230mARCH_X86_64\u001b[0m) goto 0010"), coloured);
        assertTrue(coloured.contains("if (A == \u001b[38;5;120mwrite\u001b[0m) goto 0009"), coloured);
    }
}
