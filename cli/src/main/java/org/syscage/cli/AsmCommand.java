package org.syscage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;
import org.syscage.core.inspect.Assembler;
import org.syscage.core.inspect.DisasmOptions;
import org.syscage.core.inspect.Disassembler;
import org.syscage.core.inspect.FilterFormats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage asm}: seccomp-tools' assembly language to a filter. */
@Command(name = "asm",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Assemble a seccomp filter written in seccomp-tools' assembly language (labels, goto, if/else, "
                        + "comparisons, ALU, return ACTION, syscall names and ARCH_* constants, # comments) into the "
                        + "bytes seccomp-tools asm makes of it. Errors name FILE:LINE:COLUMN.",
                "A filter the kernel would refuse (a read of a scratch cell mem[N] not written on every path, no "
                        + "return at the end, action data above 16 bits...) is an error at the line that causes it.",
                "The output of 'syscage disasm --asm-able' is valid input. See docs/inspect.md for the language."},
        footer = {"",
                "Examples:",
                "  syscage asm filter.asm -f bpf -o filter.bpf",
                "  syscage asm filter.asm -f disasm",
                "  syscage disasm filter.bpf --asm-able | syscage asm - -f bpf | cmp - filter.bpf",
                "",
                "A small filter:",
                "  A = arch",
                "  if (A != ARCH_X86_64) goto dead",
                "  A = sys_number",
                "  if (A == write) goto ok",
                "  return ERRNO(1)",
                "  ok: return ALLOW",
                "  dead: return KILL"})
final class AsmCommand implements Callable<Integer> {

    enum Format {
        bpf, raw, c, c_source, c_array, carray, inspect, disasm;

        static Format parse(String s) {
            try {
                return valueOf(s.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown format '" + s
                        + "', expected one of bpf, raw, c, c_source, c_array, inspect, disasm");
            }
        }
    }

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The assembly source; - reads stdin.")
    String input;

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "Arch whose syscall names are known (others as i386.fork) and whose byte order the "
                    + "output has. Default: this machine's.")
    Arch arch;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "inspect", converter = FormatConverter.class,
            description = "bpf (raw bytes; also raw), c (a C function installing it; also c_source), c_array, "
                    + "inspect (a quoted string, seccomp-tools' default) or disasm. Default: ${DEFAULT-VALUE}.")
    Format format;

    @CommandLine.Mixin
    OutputOptions out;

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.parse(value);
        }
    }

    @Override
    public Integer call() throws IOException {
        Arch a = arch == null ? Arch.host() : arch;
        String source = new String(FilterInput.bytes(input), StandardCharsets.UTF_8);
        List<Insn> program = Assembler.assembleForKernel(source, FilterInput.name(input), a);
        byte[] bytes = FilterInput.toBytes(program, a);
        switch (format) {
            case bpf, raw -> out.write(bytes);
            case c, c_source -> out.write(FilterFormats.cSource(bytes));
            case c_array, carray -> out.write(FilterFormats.cArray(bytes));
            case inspect -> out.write(FilterFormats.inspect(bytes));
            case disasm -> out.write(Disassembler.disassemble(program, DisasmOptions.of(a)));
        }
        return ExitCodes.OK;
    }
}
