package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.launch.LaunchException;
import org.syscage.linux.launch.LaunchResult;
import org.syscage.linux.launch.LaunchSpec;
import org.syscage.linux.launch.Launcher;
import org.syscage.linux.launch.SignalForwarding;
import org.syscage.linux.seccomp.SockFprog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage run}: start a command under a seccomp filter and exit with its status. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        modelTransformer = RunCommand.OptionsEndAtTheCommand.class,
        description = {
                "Run CMD with its arguments under a seccomp filter, installed after fork and just before CMD's "
                        + "execve, as container runtimes install it: the filter needs to allow only what CMD uses "
                        + "plus execve.",
                "stdin, stdout, stderr, the environment and the working directory pass through; SIGTERM, SIGHUP "
                        + "and SIGINT sent to syscage are passed on to CMD; no_new_privs is set.",
                "Fails closed: if the filter cannot be read or the kernel refuses it, CMD does not run."},
        footer = {"",
                "Examples:",
                "  syscage run --filter app.bpf -- ./app --port 8080",
                "  syscage run --filter allow-all.bpf -- sh -c 'exit 7'      exits 7",
                "",
                "Exit codes: CMD's own status, or 128+N when signal N killed it (159: killed by SIGSYS, as a "
                        + "KILL_PROCESS denial does); 2 bad usage, an unreadable or invalid filter, or CMD could "
                        + "not be started under it; 126 CMD is not executable; 127 CMD not found."})
public final class RunCommand implements Callable<Integer> {
    private static final int SIGSYS = 31;

    @Option(names = "--filter", paramLabel = "FILE",
            description = "A raw classic-BPF seccomp program: 8-byte struct sock_filter entries in this "
                    + "machine's byte order, as libseccomp's seccomp_export_bpf and 'seccomp-tools dump -f raw' "
                    + "write them.")
    Path filterFile;

    @Option(names = {"-p", "--profile"}, paramLabel = "PROFILE",
            description = "A seccomp profile (OCI/Docker JSON or SeccompProfile YAML). Not available yet: "
                    + "compile the profile and pass --filter.")
    Path profile;

    @Parameters(paramLabel = "CMD", arity = "1..*",
            description = "The command and its arguments. Options after CMD belong to CMD; '--' before CMD "
                    + "also ends syscage's options.")
    List<String> command;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] filter = filter();
        PrintWriter err = spec.commandLine().getErr();
        String name = command.getFirst();
        // Installed before the launch, so that a signal arriving meanwhile is held, not lost
        // (the JVM's default would be to exit and leave CMD running).
        try (SignalForwarding forwarding = SignalForwarding.install()) {
            LaunchResult child;
            try {
                child = Launcher.launch(LaunchSpec.of(command, filter));
            } catch (LaunchException e) {
                err.println("syscage: " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            forwarding.forwardTo(child);
            ExitStatus status = child.waitFor();
            if (status instanceof ExitStatus.Killed killed && killed.signal() == SIGSYS) {
                err.println("syscage: " + name + " was killed by SIGSYS: the filter denied a syscall with "
                        + "KILL_PROCESS, KILL_THREAD or TRAP");
                err.flush();
            }
            return status.code();
        }
    }

    /** The filter to run under: the raw program given, or (once wired) a compiled profile. */
    private byte[] filter() throws IOException {
        if (profile != null && filterFile != null) {
            throw new InputException("give either --filter or -p, not both");
        }
        if (profile != null) {
            // The hook for the compiler: profile -> resolve -> compile for this arch -> bytes.
            throw new InputException("-p " + profile + ": running under a profile is not available yet; compile the "
                    + "profile to a raw BPF program and pass --filter FILE");
        }
        if (filterFile == null) {
            throw new InputException("no filter: give --filter FILE");
        }
        return readRawFilter(filterFile);
    }

    /** The file's program, checked as the kernel will: whole instructions, 1 to 4096 of them. */
    static byte[] readRawFilter(Path file) throws IOException {
        String input = file.toString();
        byte[] bytes = FilterInput.bytes(input);
        FilterInput.parse(bytes, input, Arch.host());
        try {
            SockFprog.check(bytes);
        } catch (IllegalArgumentException e) {
            throw new InputException(input + ": " + e.getMessage(), e);
        }
        return bytes;
    }

    /** Everything from CMD on is CMD's, options included: {@code run --filter f ls -l}. */
    static final class OptionsEndAtTheCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec commandSpec) {
            commandSpec.parser().stopAtPositional(true);
            return commandSpec;
        }
    }
}
