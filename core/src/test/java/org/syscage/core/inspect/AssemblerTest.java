package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

class AssemblerTest {

    private static List<Insn> asm(String source) {
        return Assembler.assemble(source, "<inline>", Arch.X86_64);
    }

    private static String error(String source) {
        return assertThrows(InputException.class, () -> asm(source)).getMessage();
    }

    /** seccomp-tools' README: its libseccomp.asm assembles to the bytes of its libseccomp.bpf. */
    @Test
    void libseccompExample() {
        assertEquals(ReferenceOutputs.program("libseccomp.amd64"), asm(ReferenceOutputs.text("libseccomp.asm")));
    }

    /** seccomp-tools' README: example.asm shows the flexible syntax (if/else, bang, numbers as jumps). */
    @Test
    void syntaxExample() {
        List<Insn> program = asm(ReferenceOutputs.text("example.asm"));
        assertEquals(ReferenceOutputs.program("example.amd64"), program);
        assertEquals(ReferenceOutputs.text("example.amd64.disasm"),
                Disassembler.disassemble(program, DisasmOptions.of(Arch.X86_64)));
    }

    /** disasm --asm-able output assembles back to the bytes it came from. */
    @ParameterizedTest
    @ValueSource(strings = {"twctf-2016-diary.amd64", "twctf-2016-diary.i386", "libseccomp.amd64",
            "CONFidence-2017-amigo.i386", "DEF-CON-2020-bdooos.aarch64", "x32.amd64", "gctf-2019-quals-caas.amd64",
            "unknown-syscall-args.amd64", "mixed_arch.amd64", "example.amd64"})
    void asmAbleRoundTrip(String reference) {
        List<Insn> program = ReferenceOutputs.program(reference);
        Arch arch = ReferenceOutputs.arch(reference);
        String text = Disassembler.disassemble(program, DisasmOptions.asmAble(arch));
        assertEquals(program, Assembler.assemble(text, reference, arch));
    }

    /**
     * seccomp-tools' spec/asm/compiler_spec.rb 'ld', 'ret', 'alu', as bytes; its TRAP(0xfabcd) and
     * A &= 0xffffffff0000 are cut to 16 and 32 bits there and refused here
     * ({@link #valuesWiderThanTheirFieldAreRefusedNotCut}), so their in-range forms stand in.
     */
    @Test
    void statements() {
        assertEquals(List.of(Insn.stmt(0x87, 0), Insn.stmt(0x07, 0), Insn.stmt(0x07, 0)), asm("A = X\nX = A\nX=A"));
        assertEquals(List.of(Insn.stmt(0x00, 123), Insn.stmt(0x00, 35), Insn.stmt(0x01, 35)),
                asm("A = 123\nA = nanosleep\nX = nanosleep"));
        assertEquals(List.of(Insn.stmt(0x00, 162)), Assembler.assemble("A = nanosleep", "-", Arch.X86));
        assertEquals(List.of(Insn.stmt(0x60, 0), Insn.stmt(0x61, 1)), asm("A = mem[0]\nX = mem[1]"));
        assertEquals(List.of(Insn.stmt(0x20, 0), Insn.stmt(0x20, 0), Insn.stmt(0x20, 4), Insn.stmt(0x80, 0),
                        Insn.stmt(0x20, 0x10), Insn.stmt(0x20, 0x18), Insn.stmt(0x20, 0x14), Insn.stmt(0x20, 0x1c),
                        Insn.stmt(0x20, 0x0c), Insn.stmt(0x20, 0x14)),
                asm("A = data[0]\nA = sys_number\nA = arch\nA = len\nA = args[0]\nA = args[1]\nA = args_h[0]\n"
                        + "A = args_h[1]\nA = instruction_pointer >> 32\nA = args[0] >> 32"));
        assertEquals(List.of(Insn.stmt(0x06, 0x50003), Insn.stmt(0x06, 0x7fff0000), Insn.stmt(0x06, 0),
                        Insn.stmt(0x16, 0), Insn.stmt(0x06, 0x3abcd), Insn.stmt(0x06, 0x123), Insn.stmt(0x06, 0x50000)),
                asm("return ERRNO(3)\nreturn ALLOW\nreturn KILL\nreturn A\nreturn TRAP(0xabcd)\nreturn (0x123)\nreturn ERRNO"));
        assertEquals(List.of(Insn.stmt(0x04, 0x31337), Insn.stmt(0x54, 0), Insn.stmt(0xac, 0), Insn.stmt(0x84, 0),
                        Insn.stmt(0x54, 0xffff0000), Insn.stmt(0x74, 9), Insn.stmt(0x00, 0xffffffff)),
                asm("A += 0x31337\nA &= read\nA ^= X\nA = -A\nA &= 0xffff0000\nA >>=9\nA = -1"));
        assertEquals(List.of(Insn.stmt(0x02, 0), Insn.stmt(0x03, 15)), asm("mem[0] = A\nmem[0xf] = X"));
    }

    /** seccomp-tools' compiler_spec 'accepts ternary': != <= < swap the targets; a number skips statements. */
    @Test
    void ternary() {
        List<Insn> p = asm("""
                0000: A = sys_number
                0001: A == read ? ok : dead
                0002: A != read ? ok : 2
                0003: A <= 0x1337 ? ok : next
                0004: A < 1337 ? ok : dead
                0005: A >= read ? ok : dead
                ok:
                return ALLOW
                dead:
                return KILL
                """);
        assertEquals(List.of(Insn.stmt(0x20, 0), new Insn(0x15, 4, 5, 0), new Insn(0x15, 2, 3, 0),
                new Insn(0x25, 0, 2, 0x1337), new Insn(0x35, 2, 1, 1337), new Insn(0x35, 0, 1, 0),
                Insn.stmt(0x06, 0x7fff0000), Insn.stmt(0x06, 0)), p);
    }

    /** seccomp-tools' sasm_spec 'supports NOT conditions' and if/else across lines. */
    @Test
    void conditions() {
        List<Insn> p = asm("""
                if (!(A & 0x123)) goto a else goto b
                if (! (A != X)) goto c
                if (!(!(!(!(!(!(A == X))))))) goto d
                if (
                  A <= X # a comment
                )
                  goto next
                else
                  goto d
                a: b: c:
                d: return A
                """);
        assertEquals(Insn.stmt(0x05, 3), p.get(0), "both targets are the same statement: a plain jump");
        assertEquals(new Insn(0x1d, 2, 0, 0), p.get(1), "!(A != X): jump to c when A != X, i.e. jeq's false side");
        assertEquals(new Insn(0x1d, 1, 0, 0), p.get(2));
        assertEquals(Insn.stmt(0x05, 0), p.get(3), "goto next and goto d are both the next statement");
        assertEquals(Insn.stmt(0x16, 0), p.get(4));
    }

    /** seccomp-tools' compiler_spec 'accepts jump without conditions' and 'accepts multiple labels'. */
    @Test
    void jumpsAndLabels() {
        assertEquals(List.of(Insn.stmt(0x05, 0), Insn.stmt(0x05, 1), Insn.stmt(0x87, 0), Insn.stmt(0x20, 0),
                        Insn.stmt(0x05, 1), Insn.stmt(0x07, 0), Insn.stmt(0x20, 4)),
                asm("goto next\njump jump_a\nA = X\n\njump_a:\nA = sys_number\njmp jump_b\nX = A\n\n# a comment\n"
                        + "jump_b:\nA = arch\n"));
        assertEquals(List.of(Insn.stmt(0x05, 3), Insn.stmt(0x05, 2), Insn.stmt(0x05, 1), Insn.stmt(0x87, 0),
                        Insn.stmt(0x07, 0)),
                asm("      goto label\n      goto lll\n      goto Label\n      A = X\nlll: Label: label:\n      X = A\n"));
    }

    @Test
    void syscallsOfOtherArches() {
        assertEquals(List.of(Insn.stmt(0x00, 0), Insn.stmt(0x00, 63), Insn.stmt(0x00, 2), Insn.stmt(0x00, 0x40000000)),
                asm("A = read\nA = aarch64.read\nA = i386.fork\nA = x32_read"));
        assertEquals(List.of(Insn.stmt(0x00, 0xc00000b7), Insn.stmt(0x00, 0x40000003)),
                asm("A = ARCH_AARCH64\nA = arch_i386"));
    }

    @Test
    void bigEndianArgumentWords() {
        assertEquals(List.of(Insn.stmt(0x20, 0x14), Insn.stmt(0x20, 0x10), Insn.stmt(0x20, 0x10), Insn.stmt(0x20, 0x0c)),
                Assembler.assemble("A = args[0]\nA = args[0] >> 32\nA = args_h[0]\nA = instruction_pointer", "-",
                        Arch.S390X));
    }

    @Test
    void emptyInput() {
        assertEquals(List.of(), asm(""));
        assertEquals(List.of(), asm("# only a comment\n\n"));
    }

    /** The positions are those seccomp-tools reports for the same input (spec/asm/*_spec.rb). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            A = data[1]                  | <inline>:1:10: index of data[] must be a multiple of 4 and less than 64, got 1
            return QQ                    | <inline>:1:8: unknown token "QQ"
            A = not_exists_syscall       | <inline>:1:5: unknown token "not_exists_syscall"
            A = +A                       | <inline>:1:5: do you mean A = -A?
            A = args[0] >> 5             | <inline>:1:16: operator after an argument can only be '>> 32'
            A = instruction_pointer + 1  | <inline>:1:25: operator after an argument can only be '>> 32'
            X = sys_number               | <inline>:1:5: unexpected string "sys_number"
            mem[16] = A                  | <inline>:1:5: index of mem[] must between 0 and 15, got 16
            A = mem[0xaa]                | <inline>:1:9: index of mem[] must between 0 and 15, got 170
            A = args[8]                  | <inline>:1:10: index of args[] must between 0 and 5, got 8
            A = aarch64.open             | <inline>:1:5: syscall 'open' doesn't exist on aarch64
            next: A = 1                  | <inline>:1:1: 'next' is a reserved label
            X += 0x123                   | <inline>:1:3: unexpected string "+"
            A += args[0]                 | <inline>:1:6: unexpected string "args"
            A <= 1                       | <inline>:1:6: unexpected end of input after "1"
            """)
    void errorsNameLineAndColumn(String source, String message) {
        assertEquals(message, error(source));
    }

    /** An action's data is the low 16 bits of the return value: more would change the action, so it is refused. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            return ERRNO(70000)      | <inline>:1:14: ERRNO(70000): the data of a return action is 16 bits, expected 0 to 65535
            return TRACE(0x10000)    | <inline>:1:14: TRACE(65536): the data of a return action is 16 bits, expected 0 to 65535
            return ERRNO(-1)         | <inline>:1:14: ERRNO(4294967295): the data of a return action is 16 bits, expected 0 to 65535
            A = 0x100000001          | <inline>:1:5: constant 0x100000001 does not fit in 32 bits, expected -2^31 to 0xffffffff
            if (A == 4294967296) goto 0 | <inline>:1:10: constant 4294967296 does not fit in 32 bits, expected -2^31 to 0xffffffff
            """)
    void valuesWiderThanTheirFieldAreRefusedNotCut(String source, String message) {
        assertEquals(message, error(source));
    }

    @Test
    void actionDataAndConstantsAtTheirLimitsAssemble() {
        assertEquals(List.of(Insn.stmt(0x06, 0x0005_ffff)), asm("return ERRNO(65535)"));
        assertEquals(List.of(Insn.stmt(0x00, -1), Insn.stmt(0x00, Integer.MIN_VALUE)), asm("A = 0xffffffff\nA = -2147483648"));
    }

    /** What the kernel would refuse with EINVAL is refused at the statement that causes it (QA: A = mem[0] went through). */
    @Test
    void assembleForKernelRunsTheKernelsChecks() {
        String unsetCell = "A = sys_number\nA = mem[0]\nreturn ALLOW\n";
        assertEquals(3, asm(unsetCell).size(), "plain assemble translates, as seccomp-tools does");
        InputException e = assertThrows(InputException.class,
                () -> Assembler.assembleForKernel(unsetCell, "f.asm", Arch.X86_64));
        assertEquals("f.asm:2:1: the kernel would refuse this filter: instruction 1: reads M[0], which is not written "
                + "on every path that reaches it", e.getMessage());
        InputException noReturn = assertThrows(InputException.class,
                () -> Assembler.assembleForKernel("A = arch\n  A = sys_number\n", "f.asm", Arch.X86_64));
        assertEquals("f.asm:2:3: the kernel would refuse this filter: instruction 1: the last instruction must be a ret, "
                + "so execution cannot run off the end", noReturn.getMessage());
        InputException empty = assertThrows(InputException.class,
                () -> Assembler.assembleForKernel("# nothing\n", "f.asm", Arch.X86_64));
        assertTrue(empty.getMessage().startsWith("f.asm: the kernel would refuse this filter: the program is empty"),
                empty.getMessage());
        assertEquals(asm("mem[0] = A\nA = mem[0]\nreturn A"),
                Assembler.assembleForKernel("mem[0] = A\nA = mem[0]\nreturn A", "f.asm", Arch.X86_64));
    }

    @Test
    void labelErrors() {
        assertEquals("<inline>:4:15: Does not support backward jumping to 'loop'",
                error("    A = 0\nloop:\n    A += 1\n    A <= 10 ? loop : next\n"));
        assertEquals("<inline>:4:14: Cannot find label 'alow'", error("""
                # a comment for good measures
                A = sys_number

                A == open  ? alow : next # oops misspelled a label
                A == close ? allow : next
                return KILL # default action

                allow:
                return ALLOW
                """));
        assertEquals("<inline>:3:1: duplicate label 'label', previously defined at 1:1",
                error("label: A = X\n       X = A\nlabel: A = 123\n"));
        assertEquals("<inline>:2:11: unexpected string \"\\n\"", error("      goto oob\n      oob:\n"));
        assertEquals("<inline>:1:33: Cannot find label '0011'", error("if (A == 0) goto 0001 else goto 0011\n0001: return A"));
    }

    @Test
    void conditionalJumpsReachAtMost255() {
        String far = "if (A == 1) goto far\n" + "A = 0\n".repeat(256) + "far: return ALLOW\n";
        assertEquals("<inline>:1:18: jump to 'far' skips 256 instructions, more than the 255 a conditional jump can",
                error(far));
        List<Insn> ja = asm("goto far\n" + "A = 0\n".repeat(300) + "far: return ALLOW\n");
        assertEquals(Insn.stmt(0x05, 300), ja.getFirst(), "an unconditional jump has 32 bits of offset");
    }
}
