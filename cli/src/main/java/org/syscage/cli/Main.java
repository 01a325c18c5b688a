package org.syscage.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code syscage} command. Each subcommand is a thin class in this package that parses its
 * options, calls core or linux, and prints. Errors become one line on stderr and an exit code:
 * 0 ok, 1 a finding or failure of the checked thing, 2 bad usage or input.
 */
@Command(name = "syscage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Record, review, compile, run and inspect Linux seccomp profiles.",
        footer = {"", "Exit codes: 0 ok, 1 finding or failure of the checked thing, 2 bad usage or input.",
                "Run 'syscage COMMAND --help' for a command's options and an example."})
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. They are registered with picocli here
     * rather than in the annotation so that a run registers only the one it needs: building
     * picocli's model of every command by reflection was a third of {@code syscage run}'s start-up.
     */
    static final List<Class<?>> COMMANDS = List.of(
            CommandLine.HelpCommand.class,
            SyscallsCommand.class,
            ConvertCommand.class,
            ResolveCommand.class,
            DisasmCommand.class,
            AsmCommand.class,
            EmuCommand.class,
            DumpCommand.class,
            AuditCommand.class,
            RecordCommand.class,
            MergeCommand.class,
            DiffCommand.class,
            RunCommand.class,
            LintCommand.class,
            ExplainCommand.class,
            CompileCommand.class,
            DecompileCommand.class,
            ReportCommand.class);

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * The command named by the first word that is not an option, or every command when there is
     * none (help, usage errors) or it is {@code help} or unknown (picocli then lists them all);
     * none for a lone {@code --version}.
     */
    static List<Class<?>> commandsFor(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        for (String arg : args) {
            if (arg.startsWith("-")) {
                continue;
            }
            return COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(arg)
                    && c != CommandLine.HelpCommand.class).findFirst().map(List::<Class<?>>of).orElse(COMMANDS);
        }
        return COMMANDS;
    }

    /** Runs the CLI with the given streams and returns the exit code; used by tests too. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        // A CommandLine of its own per command keeps the parser settings its model transformer makes
        // (run and dump stop at the first positional word); adding the bare class would not.
        List<Class<?>> commands = commandsFor(args);
        if (commands.equals(List.of(RunCommand.class))) {
            RunCommand.prepareInBackground();
        }
        commands.forEach(command -> cl.addSubcommand(new CommandLine(command)));
        // -f JSON and -f json alike, as users of other tools type them; set after the subcommands
        // are added so that it reaches them
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("syscage: " + ExitCodes.message(ex));
            if (main.debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.forException(ex);
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            CommandLine c = ex.getCommandLine();
            err.println("syscage: " + ex.getMessage());
            err.println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
