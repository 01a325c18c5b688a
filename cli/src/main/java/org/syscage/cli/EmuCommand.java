package org.syscage.cli;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.inspect.DisasmOptions;
import org.syscage.core.inspect.EmulationReport;
import org.syscage.core.inspect.SyscallNames;
import org.syscage.core.syscalls.SyscallTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage emu}: run a raw filter on one syscall and show the path it takes. */
@Command(name = "emu",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Run a raw seccomp filter on one syscall, as the kernel would, and print seccomp-tools' emu "
                        + "report: the disassembly with the lines that did not run dimmed (on a terminal or with "
                        + "--color=always), then 'return ACTION at line NNNN'. -q prints only that last line.",
                "Missing arguments are 0; on a 32-bit arch only the low 32 bits of each reach the filter."},
        footer = {"",
                "Examples:",
                "  syscage emu -a amd64 filter.bpf write 0x3",
                "  syscage emu -q -a aarch64 filter.bpf openat 0xffffff9c 0 0x80000",
                "  syscage emu filter.bpf 0x40000000          (x32 read on x86_64)"})
final class EmuCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The raw filter; - reads stdin.")
    String input;

    @Parameters(index = "1", paramLabel = "SYSCALL", description = "Syscall name of the arch, or its 32-bit number (decimal or 0x hex; -1 is 0xffffffff).")
    String syscall;

    @Parameters(index = "2..*", paramLabel = "ARG", arity = "0..6",
            description = "Up to six arguments, decimal or 0x hex, negative numbers as two's complement.")
    List<String> args = List.of();

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "The syscall's arch (seccomp_data.arch, names, byte order of FILE). Default: this machine's.")
    Arch arch;

    @Option(names = {"-q", "--quiet"}, description = "Print only the verdict line.")
    boolean quiet;

    @Option(names = {"-i", "--ip"}, paramLabel = "ADDR", defaultValue = "0", converter = NumberArgument.Converter.class,
            description = "seccomp_data.instruction_pointer. Default: ${DEFAULT-VALUE}.")
    long ip;

    @CommandLine.Mixin
    ColorOption color;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        Arch a = arch == null ? Arch.host() : arch;
        List<Insn> program = FilterInput.read(input, a);
        long[] values = new long[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = NumberArgument.parse(args.get(i), "argument " + i);
        }
        SeccompData d = SeccompData.of(a, syscallNumber(a), values);
        d = new SeccompData(d.nr(), d.arch(), ip, d.args());
        Emulator.Result r;
        try {
            r = Emulator.run(BpfProgram.of(program), d, a.littleEndian());
        } catch (IllegalArgumentException e) {
            throw new InputException(FilterInput.name(input) + ": " + e.getMessage(), e);
        }
        DisasmOptions options = DisasmOptions.of(a).withColor(color.enabled(out));
        out.write(FilterInput.naming(input, () -> EmulationReport.render(program, options, r.path(), r.value(), quiet)));
        return ExitCodes.OK;
    }

    /** By name (seccomp-tools' table of the arch, then syscage's) or number. */
    private int syscallNumber(Arch a) {
        OptionalInt byName = a == Arch.X32 ? OptionalInt.empty() : SyscallNames.of(a).number(syscall);
        if (byName.isEmpty()) {
            byName = SyscallTable.of(a).number(syscall);
        }
        if (byName.isPresent()) {
            return byName.getAsInt();
        }
        if (!NumberArgument.isNumber(syscall)) {
            throw new InputException("unknown syscall '" + syscall + "' on " + a + ", expected a name or a number");
        }
        return NumberArgument.syscallNumber(syscall, "SYSCALL");
    }
}
