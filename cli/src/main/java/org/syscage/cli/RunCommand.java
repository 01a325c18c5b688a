package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.compiler.DenialNotification;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ReadProfile;
import org.syscage.core.profile.Profile;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.linux.launch.LaunchException;
import org.syscage.linux.launch.LaunchResult;
import org.syscage.linux.launch.LaunchSpec;
import org.syscage.linux.launch.Launcher;
import org.syscage.linux.launch.NotificationListener;
import org.syscage.linux.launch.Supervisor;
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
                "stdin, stdout, stderr, the environment and the working directory pass through; no_new_privs "
                        + "is set. SIGTERM, SIGHUP and SIGINT sent to syscage are passed on to CMD and every process "
                        + "below it (Ctrl-C reaches them from the terminal); syscage then exits with CMD's status, "
                        + "whenever CMD ends.",
                "Fails closed: if the filter cannot be read or the kernel refuses it, CMD does not run.",
                "With -p, every call the profile denies (ERRNO included) is reported on stderr with the caller's "
                        + "pid and executable, and answered as the profile would; a summary follows at exit."},
        footer = {"",
                "Examples:",
                "  syscage run -p app.json -- ./app --port 8080",
                "  syscage run -p builtin -- python3 -c 'print(1)'      under Docker's default profile",
                "  syscage run --filter app.bpf -- ./app --port 8080",
                "  syscage run -p app.json --complain --suggest-out app-wide.json -- ./app   learn what it needs",
                "  syscage run -p app.json --report violations.json -- ./app",
                "  syscage run --filter allow-all.bpf -- sh -c 'exit 7'      exits 7",
                "",
                "Exit codes: CMD's own status, or 128+N when signal N killed it (159: killed by SIGSYS, as a "
                        + "KILL_PROCESS denial does); 2 bad usage, an unreadable or invalid filter, a --report or "
                        + "--suggest-out file that cannot be written (checked before CMD starts), or CMD could "
                        + "not be started under it; 126 CMD is not executable; 127 CMD not found.",
                "Should writing --report or --suggest-out still fail after CMD ended, the error and CMD's "
                        + "status are printed and the exit code is CMD's when CMD failed, 2 when it succeeded."})
public final class RunCommand implements Callable<Integer> {
    private static final int SIGSYS = 31;

    @Option(names = "--filter", paramLabel = "FILE",
            description = "A raw classic-BPF seccomp program: 8-byte struct sock_filter entries in this "
                    + "machine's byte order, as libseccomp's seccomp_export_bpf and 'seccomp-tools dump -f raw' "
                    + "write them.")
    Path filterFile;

    @Option(names = {"-p", "--profile"}, paramLabel = "PROFILE|builtin",
            description = "A seccomp profile (OCI/Docker JSON or SeccompProfile YAML, told apart by content), "
                    + "compiled as runc compiles it for this machine; 'builtin' is Docker's default profile. "
                    + "Default when neither -p nor --filter is given: builtin.")
    String profile;

    @CommandLine.Mixin
    DockerOptions docker;

    @Option(names = "--no-enosys-stub",
            description = "Do not give syscalls newer than the profile ENOSYS (runc does, so that glibc falls back "
                    + "to older calls); they then get the profile's default action.")
    boolean noEnosysStub;

    @Option(names = "--complain",
            description = "With -p: deny nothing; run every call the profile would deny and report it, then "
                    + "print the rule that would allow them.")
    boolean complain;

    @Option(names = "--report", paramLabel = "FILE",
            description = "With -p: write the violations as JSON to FILE when CMD ends. Refuses to overwrite "
                    + "FILE without --force.")
    Path reportFile;

    @Option(names = "--suggest-out", paramLabel = "FILE",
            description = "With -p: write the profile plus an ALLOW rule for every syscall reported (most useful "
                    + "with --complain). Refuses to overwrite FILE without --force.")
    Path suggestOut;

    @Option(names = "--force", description = "Let --report and --suggest-out replace existing files.")
    boolean force;

    @Parameters(paramLabel = "CMD", arity = "1..*",
            description = "The command and its arguments. Options after CMD belong to CMD; '--' before CMD "
                    + "also ends syscage's options.")
    List<String> command;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (profile != null && filterFile != null) {
            throw new InputException("give either --filter or -p, not both");
        }
        if (filterFile != null && (complain || reportFile != null || suggestOut != null)) {
            throw new InputException("--complain, --report and --suggest-out need -p: a raw --filter has no "
                    + "profile to report against");
        }
        checkOutputs();
        if (filterFile == null) {
            return supervised(profile == null ? BuiltinProfiles.DOCKER_DEFAULT_NAME : profile);
        }
        byte[] filter = readRawFilter(filterFile);
        PrintWriter err = spec.commandLine().getErr();
        String name = command.getFirst();
        // Installed before the launch, so that a signal arriving meanwhile is held, not lost
        // (the JVM's default would be to exit and leave CMD running).
        try (SignalForwarding forwarding = SignalForwarding.install()) {
            LaunchResult child;
            try {
                child = Launcher.launch(LaunchSpec.of(command, filter));
            } catch (LaunchException e) {
                return launchFailed(err, e);
            }
            forwarding.forwardTo(child);
            ExitStatus status = child.waitFor();
            noteSigsys(err, name, status);
            err.flush();
            return status.code();
        }
    }

    /**
     * Runs CMD under the profile's supervised form: what the profile denies goes to a supervisor,
     * which reports it and answers as the profile would (or lets it run, with --complain).
     */
    private int supervised(String input) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        // No equivalence proof at start-up: tests and 'syscage compile' prove the generator, run keeps
        // its start short, and the kernel still checks the program when it loads it.
        CompileOptions options = CompileOptions.runc(Arch.host()).withEnosysStub(!noEnosysStub).withVerify(false);
        FilterCache cache = FilterCache.standard();
        // The profile's one read: the cache key and the model that judges denials are both made
        // from these bytes, so a file edited meanwhile cannot make them disagree.
        ProfileBytes profile = ProfileBytes.read(input);
        String key = cache.key(profile.bytes(), cacheOptions());
        Optional<byte[]> cached = cache.load(key);
        CompletableFuture<Compiled> compiled;
        byte[] filter;
        if (cached.isPresent()) {
            // The same bytes compiled before: CMD starts now, and what judging a denial needs is
            // made meanwhile (a denied call waits for it).
            filter = cached.get();
            compiled = CompletableFuture.supplyAsync(() -> compile(profile, options));
        } else {
            Compiled now = compile(profile, options);
            filter = DenialNotification.supervisedProgram(now.result()).toBytes(ByteOrder.nativeOrder());
            cache.store(key, filter);
            compiled = CompletableFuture.completedFuture(now);
        }
        ViolationLog log = new ViolationLog(() -> {
            Compiled c = done(compiled);
            return new ViolationLog.Judge(c.result().spec(), c.plain());
        }, complain, err);
        String name = command.getFirst();
        ExitStatus status;
        try (SignalForwarding forwarding = SignalForwarding.install()) {
            LaunchResult child;
            try {
                child = Launcher.launch(LaunchSpec.of(command, filter).withFlags(Supervisor.LISTENER_FLAGS));
            } catch (LaunchException e) {
                return launchFailed(err, e);
            }
            NotificationListener listener = new NotificationListener(child.listenerFd().orElseThrow());
            Supervisor supervisor = Supervisor.start(listener, log::judge, log::report);
            try {
                forwarding.forwardTo(child);
                status = child.waitFor();
                supervisor.join(); // until the last process under the filter (a background child too) ends
            } catch (LaunchException e) {
                return launchFailed(err, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 2;
            } finally {
                listener.close();
            }
        }
        noteSigsys(err, name, status);
        log.summary().forEach((what, count) -> err.println("syscage: summary: " + count + " x " + what));
        Set<String> names = log.nameableSyscalls();
        if (complain && !names.isEmpty()) {
            err.println("syscage: to allow them, add: {\"names\": [" + names.stream().map(n -> "\"" + n + "\"")
                    .collect(java.util.stream.Collectors.joining(", ")) + "], \"action\": \"SCMP_ACT_ALLOW\"}");
        }
        err.flush();
        int code = status.code();
        boolean written = true;
        if (reportFile != null) {
            written &= writeOutput(err, () -> ViolationReports.writeJson(reportFile, command, code, complain, log, force));
        }
        if (suggestOut != null) {
            written &= writeOutput(err, () -> {
                ViolationReports.writeSuggestion(suggestOut, done(compiled).original(), names, force);
                err.println("syscage: wrote " + suggestOut + (names.isEmpty() ? " (nothing to add)" : ""));
            });
        }
        if (written) {
            return code;
        }
        // CMD's status is said and, when it is a failure, kept; a success whose report is
        // missing must not look like one to a script or CI job.
        err.println("syscage: " + name + " " + ended(status) + (code == 0 ? "; exit 2 as an output was not written" : ""));
        err.flush();
        return code == 0 ? ExitCodes.USAGE : code;
    }

    /**
     * --report and --suggest-out are written after CMD ends: checked before it starts (a run may
     * be long, or not repeatable), so that an existing file without --force, a missing directory
     * or a directory in their place ends syscage before CMD runs.
     */
    private void checkOutputs() {
        if (reportFile != null && suggestOut != null
                && reportFile.toAbsolutePath().normalize().equals(suggestOut.toAbsolutePath().normalize())) {
            throw new InputException("--report and --suggest-out name the same file " + reportFile);
        }
        for (Path file : new Path[] {reportFile, suggestOut}) {
            if (file != null) {
                OutputOptions.check(file, force);
            }
        }
    }

    /** One output written after CMD ended. */
    private interface OutputWrite {
        void write() throws IOException;
    }

    /** Writes one output; a failure is said on stderr, and the next output is still tried. */
    private static boolean writeOutput(PrintWriter err, OutputWrite output) {
        try {
            output.write();
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("syscage: " + ExitCodes.message(e));
            return false;
        } finally {
            err.flush();
        }
    }

    private static String ended(ExitStatus status) {
        return switch (status) {
            case ExitStatus.Exited exited -> "exited with " + exited.status();
            case ExitStatus.Killed killed -> "was killed by signal " + killed.signal() + " (exit " + killed.code() + ")";
        };
    }

    private static int launchFailed(PrintWriter err, LaunchException e) {
        err.println("syscage: " + e.getMessage());
        err.flush();
        return e.exitCode();
    }

    /** One line when SIGSYS killed CMD: the filter's doing, which the exit status alone does not say. */
    private static void noteSigsys(PrintWriter err, String name, ExitStatus status) {
        if (status instanceof ExitStatus.Killed killed && killed.signal() == SIGSYS) {
            err.println("syscage: " + name + " was killed by SIGSYS: the filter denied a syscall with "
                    + "KILL_PROCESS, KILL_THREAD or TRAP");
        }
    }

    /**
     * Links the launcher's native calls on another thread while the command line is parsed and
     * the profile read: on a cold JVM that is a tenth of a second run would otherwise wait.
     */
    static void prepareInBackground() {
        Thread.ofPlatform().name("syscage-prepare").daemon().start(() -> {
            try {
                Launcher.prepare();
            } catch (RuntimeException e) {
                // The launch itself will fail and say why.
            }
        });
    }

    /** A profile as read (with its format), as resolved for this machine, and compiled. */
    private record Compiled(ReadProfile original, Profile plain, Compiler.Result result) {
    }

    /** The compilation's result, or the error it ended with (not wrapped). */
    private static Compiled done(CompletableFuture<Compiled> compiled) {
        try {
            return compiled.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Compiled compile(ProfileBytes profile, CompileOptions options) {
        ReadProfile original = profile.parse();
        Profile plain = docker.resolveIfDocker(original.profile());
        return new Compiled(original, plain, Compiler.compile(plain, options));
    }

    /**
     * Everything besides the profile's bytes that changes the program, as the cache key's text:
     * the container it is resolved for and the ENOSYS stub.
     */
    private String cacheOptions() {
        ResolveOptions container = docker.options();
        return "arch=" + Arch.host() + " docker-arch=" + container.arch() + " kernel=" + container.kernel()
                + " caps=" + new TreeSet<>(container.capabilities()) + " enosys-stub=" + !noEnosysStub;
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
