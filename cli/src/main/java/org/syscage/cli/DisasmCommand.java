package org.syscage.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;
import org.syscage.core.inspect.ControlFlowDot;
import org.syscage.core.inspect.DisasmOptions;
import org.syscage.core.inspect.Disassembler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage disasm}: a raw filter to seccomp-tools' disassembly, or to a dot graph. */
@Command(name = "disasm",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Disassemble a raw seccomp filter (an array of struct sock_filter, as seccomp-tools dump -f raw "
                        + "or syscage compile -f bpf write it) in seccomp-tools' format: the same text seccomp-tools "
                        + "disasm prints, with syscall names, ARCH_* constants and argument names.",
                "The bytes are read in the byte order of the arch (-a). See docs/inspect.md."},
        footer = {"",
                "Examples:",
                "  syscage disasm filter.bpf",
                "  syscage disasm -a aarch64 --no-bpf filter.bpf",
                "  syscage disasm filter.bpf --asm-able > filter.asm     (syscage asm filter.asm -f bpf gives the bytes back)",
                "  syscage disasm filter.bpf -f dot | dot -Tsvg > filter.svg"})
final class DisasmCommand implements Callable<Integer> {

    enum Format { text, dot }

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The raw filter; - reads stdin.")
    String input;

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "Arch whose syscall names to show, and byte order of FILE: seccomp-tools' amd64, i386, "
                    + "aarch64, riscv64, s390x or any syscage name. Default: this machine's.")
    Arch arch;

    @Option(names = "--bpf", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show the line, CODE, JT, JF and K columns (--no-bpf hides them). Default: shown.")
    boolean bpf;

    @Option(names = "--arg-infer", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Name loaded arguments after the syscall's parameters once the syscall is known "
                    + "(A = flags # open(filename, flags, mode)). Default: on.")
    boolean argInfer;

    @Option(names = "--asm-able",
            description = "Write what 'syscage asm' (and seccomp-tools asm) read back to the same bytes; implies "
                    + "--no-bpf --no-arg-infer.")
    boolean asmAble;

    @Option(names = {"-f", "--format"}, paramLabel = "text|dot", defaultValue = "text",
            description = "text (seccomp-tools' disassembly) or dot (the control-flow graph for Graphviz). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @CommandLine.Mixin
    ColorOption color;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        Arch a = arch == null ? Arch.host() : arch;
        List<Insn> program = FilterInput.read(input, a);
        DisasmOptions options = asmAble ? DisasmOptions.asmAble(a)
                : new DisasmOptions(a, bpf, argInfer, false, format == Format.text && color.enabled(out));
        out.write(FilterInput.naming(input, () -> format == Format.dot ? ControlFlowDot.render(program, options)
                : Disassembler.disassemble(program, options)));
        return ExitCodes.OK;
    }
}
