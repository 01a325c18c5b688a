package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.decompile.Decompilation;
import org.syscage.core.decompile.Decompiler;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.inspect.DisasmOptions;
import org.syscage.core.inspect.Disassembler;
import org.syscage.linux.proc.ExecutableArch;
import org.syscage.linux.proc.ProcStatus;
import org.syscage.linux.proc.SeccompMode;
import org.syscage.linux.ptrace.AttachedFilters;
import org.syscage.linux.ptrace.FilterTracer;
import org.syscage.linux.ptrace.SeccompInstall;
import org.syscage.linux.ptrace.TraceOptions;
import org.syscage.linux.ptrace.TraceResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage dump}: the filters a live process holds, or those a command installs as it runs. */
@Command(name = "dump",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        modelTransformer = DumpCommand.CommandWordsArePositional.class,
        description = {
                "Dump seccomp filters, as seccomp-tools dump does: with -p, every filter a live process holds "
                        + "(read from the kernel with PTRACE_SECCOMP_GET_FILTER; needs root); with a command, "
                        + "run it under ptrace, following its children and threads, and capture each filter the "
                        + "kernel accepts from prctl(PR_SET_SECCOMP) or seccomp(2). Strict mode is reported too.",
                "With a command, --limit filters are captured (default 1, like seccomp-tools), then every traced "
                        + "process is killed. With -p all filters are dumped, oldest first. The command's own "
                        + "stdout goes to stderr while the dump goes to stdout. See docs/dump.md."},
        footer = {"",
                "Examples:",
                "  syscage dump -- man -P cat ls",
                "  syscage dump -l -1 -f bpf -o man.bpf -- man -P cat ls   (man.bpf, man_1.bpf...)",
                "  syscage dump -c 'ls | head'",
                "  sudo syscage dump -p 4242",
                "  syscage dump --status -p 4242"})
final class DumpCommand implements Callable<Integer> {

    enum Format { disasm, bpf, raw, inspect, profile }

    @Option(names = {"-p", "--pid"}, paramLabel = "PID",
            description = "Dump the filters of this running process (its main thread; a thread id works too).")
    Integer pid;

    @Option(names = "--status", description = "With -p: only print the process's seccomp mode and filter count "
            + "from /proc (no ptrace, no root needed).")
    boolean status;

    @Option(names = {"-c", "--sh-exec"}, paramLabel = "COMMAND_LINE",
            description = "Run this shell command line (/bin/sh -c) instead of CMD.")
    String shellCommand;

    @Parameters(paramLabel = "CMD", arity = "0..*",
            description = "The command to run and its arguments (after --, or from the first word that is not an option).")
    List<String> command = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "disasm",
            description = "disasm (seccomp-tools' disassembly), bpf or raw (the sock_filter bytes), inspect "
                    + "(a quoted \\x.. string) or profile (the filter decompiled into an OCI profile; exit 1 when it cannot be exact). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-l", "--limit"}, paramLabel = "N",
            description = "Stop after N filters; a negative N means all. Default: 1 with a command "
                    + "(the traced processes are then killed), all with -p.")
    Integer limit;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SEC",
            description = "Kill the command after SEC seconds (fractions allowed); keep what was dumped so far.")
    Double timeout;

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "Arch whose syscall names the disassembly shows. Default: each filter's own (the arch "
                    + "of the call that installed it; with -p, of the process's executable).")
    Arch arch;

    @Option(names = {"-q", "--quiet"}, description = "Do not describe each filter on stderr.")
    boolean quiet;

    @CommandLine.Mixin
    ColorOption color;

    @CommandLine.Mixin
    OutputOptions out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private int written;
    /** Paths of dumped filters that the profiles written with -f profile cannot express. */
    private int inexactPaths;

    @Override
    public Integer call() throws IOException {
        checkUsage();
        // Found out now rather than after the command has run up to its first filter: every
        // name the dump may write (with -p, OUT now and the rest once the filters are counted).
        out.checkNumbered(pid != null ? 1 : limitOr(1) == TraceOptions.ALL ? -1 : limitOr(1));
        int status;
        try {
            status = pid != null ? dumpProcess(pid) : dumpCommand();
        } finally {
            out.close();
        }
        if (status == ExitCodes.OK && inexactPaths > 0) {
            throw new FindingException(DecompileSummary.inexact(inexactPaths, " (written all the same)"));
        }
        return status;
    }

    private void checkUsage() {
        int sources = (pid != null ? 1 : 0) + (shellCommand != null ? 1 : 0) + (command.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw usage(sources == 0 ? "missing what to dump: -p PID, -c COMMAND_LINE or -- CMD [ARG...]"
                    : "give only one of -p PID, -c COMMAND_LINE and CMD");
        }
        if (status && pid == null) {
            throw usage("--status needs -p PID");
        }
        if (limit != null && limit == 0) {
            throw usage("--limit must not be 0 (a negative N means all)");
        }
        if (timeout != null && (pid != null || !(timeout > 0))) {
            throw usage(pid != null ? "--timeout applies to a command, not to -p" : "--timeout must be positive");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private int limitOr(int absent) {
        return limit == null ? absent : limit < 0 ? TraceOptions.ALL : limit;
    }

    private int dumpProcess(int target) throws IOException {
        ProcStatus proc = ProcStatus.read(target);
        PrintWriter err = spec.commandLine().getErr();
        if (status) {
            spec.commandLine().getOut().println(proc.summary());
            return ExitCodes.OK;
        }
        if (!quiet) {
            err.println(proc.summary());
        }
        if (proc.seccomp() != SeccompMode.FILTER) {
            err.println("syscage: pid " + target + (proc.seccomp() == SeccompMode.STRICT
                    ? " is in strict mode, which has no filter to dump" : " has no seccomp filter"));
            return ExitCodes.FINDING;
        }
        List<byte[]> filters = AttachedFilters.read(target, limitOr(TraceOptions.ALL));
        out.checkNumbered(filters.size());
        Arch filterArch = arch != null ? arch : ExecutableArch.of(target).orElse(Arch.host());
        for (int i = 0; i < filters.size(); i++) {
            String where = emit(filters.get(i), filterArch);
            if (!quiet) {
                err.println("filter " + i + " of pid " + target + " (index " + i + ", oldest first): " + filterArch
                        + ", " + filters.get(i).length / 8 + " instructions" + destination(where));
            }
        }
        err.flush();
        return filters.isEmpty() ? ExitCodes.FINDING : ExitCodes.OK;
    }

    private int dumpCommand() {
        List<String> argv = shellCommand != null ? List.of("/bin/sh", "-c", shellCommand) : command;
        if (shellCommand == null && argv.size() == 1 && argv.getFirst().contains(" ")) {
            quoteHint(argv.getFirst());
        }
        TraceOptions options = TraceOptions.defaults().withLimit(limitOr(1)).withStdoutToStderr(out.toStdout());
        if (timeout != null) {
            options = options.withTimeout(Duration.ofNanos((long) (timeout * 1e9)));
        }
        PrintWriter err = spec.commandLine().getErr();
        TraceResult result = FilterTracer.run(argv, options, install -> {
            switch (install) {
                case SeccompInstall.Filter filter -> {
                    int number = written;
                    String where = emit(filter.program(), arch != null ? arch : filter.arch());
                    if (!quiet) {
                        err.println("filter " + number + ": " + filter.describe() + destination(where));
                        err.flush();
                    }
                }
                case SeccompInstall.Strict strict -> {
                    if (!quiet) {
                        err.println(strict.describe());
                        err.flush();
                    }
                }
            }
        });
        if (!quiet) {
            switch (result.ending()) {
                case LIMIT_REACHED -> err.println("limit of " + options.limit() + (options.limit() == 1 ? " filter" : " filters")
                        + " reached: killed the command (--limit -1 dumps all)");
                case TIMED_OUT -> err.println("timeout: killed the command");
                case FINISHED -> { }
            }
        }
        if (result.filters().isEmpty()) {
            err.println("syscage: no seccomp filter was installed"
                    + (result.installs().isEmpty() ? "" : " (only strict mode)")
                    + "; the command " + exitText(result.commandExit()));
            err.flush();
            return ExitCodes.FINDING;
        }
        err.flush();
        return ExitCodes.OK;
    }

    /** A single word with spaces is most likely a shell command line meant for -c. */
    private static void quoteHint(String word) {
        if (!Files.exists(Path.of(word))) {
            throw new InputException(word + ": command not found (to run a shell command line, use -c '" + word + "')");
        }
    }

    private static String exitText(int status) {
        return status > 128 ? "was killed by signal " + (status - 128) : "exited with " + status;
    }

    private static String destination(String where) {
        return where.equals("-") ? "" : " -> " + where;
    }

    /** Writes one filter in the chosen format; returns where it went. */
    private String emit(byte[] program, Arch filterArch) {
        try {
            int serial = written++;
            return switch (format) {
                case disasm -> out.writeNumbered(serial, Disassembler.disassemble(
                        FilterInput.parse(program, "filter", filterArch),
                        DisasmOptions.of(filterArch).withColor(color.enabled(out))));
                case bpf, raw -> out.writeNumbered(serial, program);
                case inspect -> out.writeNumbered(serial, inspect(program));
                case profile -> out.writeNumbered(serial, profile(program, filterArch));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The filter decompiled into an OCI profile: a partial one when it uses what no profile can
     * say (its findings go to stderr and the command then exits 1).
     */
    private String profile(byte[] program, Arch filterArch) {
        ByteOrder order = filterArch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        Decompilation result = Decompiler.decompile(BpfProgram.fromBytes(program, order),
                filterArch.littleEndian(), arch != null ? List.of(arch) : List.of());
        if (!quiet || !result.exact()) {
            DecompileSummary.print(result, spec.commandLine().getErr());
        }
        inexactPaths += result.findings().size();
        return ProfileWriter.write(result.profile(), ProfileFormat.OCI);
    }

    /** seccomp-tools' inspect format: the bytes as one quoted string of {@code \xHH} escapes. */
    static String inspect(byte[] program) {
        StringBuilder text = new StringBuilder(program.length * 4 + 3).append('"');
        String hex = HexFormat.of().withUpperCase().formatHex(program);
        for (int i = 0; i < hex.length(); i += 2) {
            text.append("\\x").append(hex, i, i + 2);
        }
        return text.append("\"\n").toString();
    }

    /**
     * Everything from the first positional word on belongs to the command, as with sudo or
     * strace: {@code syscage dump man -P cat ls} passes {@code -P} to man.
     */
    static final class CommandWordsArePositional implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }
}
