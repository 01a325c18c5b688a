package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.audit.AuditFilter;
import org.syscage.core.audit.AuditRecord;
import org.syscage.core.audit.AuditScan;
import org.syscage.core.audit.SeenSyscalls;
import org.syscage.core.io.AtomicFiles;
import org.syscage.linux.launch.Interrupts;
import org.syscage.linux.launch.LaunchException;
import org.syscage.linux.launch.SignalForwarding;
import org.syscage.linux.launch.SignalNames;
import org.syscage.linux.record.BaseSyscalls;
import org.syscage.linux.record.RecordReport;
import org.syscage.linux.record.Recorder;
import org.syscage.linux.record.Recording;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.profile.Profile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code syscage record}: a profile from what a program did, either by running it under ptrace
 * ({@code -- CMD [ARGS...]}, see docs/record.md) or from seccomp audit records
 * ({@code --from-audit-log}).
 */
@Command(name = "record",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Record a seccomp profile from what a program did: default action ERRNO (EPERM), the arches it "
                        + "used, and one ALLOW rule naming every syscall it made.",
                "-- CMD [ARGS...] runs CMD (in a cgroup counted by an eBPF program, or under ptrace: --backend), "
                        + "following every process and thread it starts, and "
                        + "records each syscall per arch (i386 calls of an x86_64 machine under SCMP_ARCH_X86). The "
                        + "profile also allows the container runtime's own last syscalls (--base-syscalls). Next to "
                        + "OUT goes OUT.report.json: per syscall its count, first pid and executable, and why it is "
                        + "in the profile. The profile is written even when CMD fails; syscage then exits with "
                        + "CMD's status.",
                "SIGINT, SIGTERM and SIGHUP sent to syscage are passed on to every process of CMD (Ctrl-C "
                        + "reaches them from the terminal); what is still running " + RecordCommand.GRACE_SECONDS + " seconds "
                        + "later is killed. The profile of what CMD did until then is written, and syscage exits "
                        + "with CMD's status (130 when Ctrl-C ended it).",
                "--from-audit-log FILE reads the seccomp audit records of a log (kernel 'type=1326' lines from "
                        + "dmesg, syslog or the journal, auditd's 'type=SECCOMP'), as the Kubernetes seccomp "
                        + "tutorial does by hand: run the program under a profile with defaultAction SCMP_ACT_LOG, "
                        + "then record from the log. Select the program with --comm, --pid or --exe. Options of a "
                        + "live recording (--backend, --cgroup, --duration, --args, --merge-into, --base-syscalls, "
                        + "--no-base-syscalls) are refused with it.",
                "One OCI profile has one list of names for all its arches (each runtime resolves the names per "
                        + "arch), so a name seen on one arch is allowed on the others that have it; such names are "
                        + "listed on stderr.",
                "--args also records the arguments that decide safety and allows those syscalls only with the "
                        + "values seen (docs/record.md has the rules).",
                "--merge-into PROFILE adds the recording to an existing profile: the union goes back to PROFILE "
                        + "(or to -o), in PROFILE's format.",
                "The profile goes to <program>.json (.yaml for a CRD) in the current directory unless -o says "
                        + "otherwise (-o - is stdout); an existing file is replaced only with --force.",
},
        footer = {"",
                "Examples:",
                "  syscage record -- ls /            writes ls.json and ls.json.report.json",
                "  syscage record -t crd -o app.yaml --base-syscalls crun -- ./app --serve",
                "  syscage record --args -- python3 -c 'import socket; socket.socket()'",
                "  syscage record --merge-into app.yaml -- ./app --self-test   adds what the self-test does to app.yaml",
                "  syscage record --cgroup /system.slice/nginx.service --duration 10m -o nginx.json",
                "  syscage record --from-audit-log /var/log/syslog --comm http-echo",
                "      writes http-echo.json (never replacing a file without --force)",
                "  syscage record --from-audit-log audit.log --exe /bin/curl -t crd",
                "  journalctl -k | syscage record --from-audit-log - --pid 4242 -o -",
                "",
                "Exit codes: 0 written, 1 no record matched, 2 bad usage or input; with -- CMD, CMD's own "
                        + "exit status when it is not 0 (the profile is written all the same), 128+N when signal "
                        + "N killed it, 126 CMD is not executable, 127 CMD not found (nothing is written then)."})
final class RecordCommand implements Callable<Integer> {
    /** How long the processes of an interrupted recording have to end before they are killed (docker stop's default). */
    static final int GRACE_SECONDS = 10;

    @Option(names = "--from-audit-log", paramLabel = "FILE",
            description = "Record from the seccomp audit records in FILE; - reads stdin.")
    String auditLog;

    @CommandLine.Mixin
    AuditSelection selection;

    @Option(names = {"-t", "--to"}, paramLabel = "FORMAT", defaultValue = "oci",
            converter = Converters.FormatConverter.class,
            description = "Output format: oci, crd (SeccompProfile, security-profiles-operator.x-k8s.io/v1) or "
                    + "crd-v1beta1. Default: ${DEFAULT-VALUE}.")
    ProfileFormat to;

    @Option(names = "--name", paramLabel = "NAME",
            description = "metadata.name of a CRD. Default: made from the program's name.")
    String name;

    @CommandLine.Mixin
    OutputOptions out;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            description = "auto, ptrace or ebpf. ebpf counts calls in the kernel with an eBPF program on the "
                    + "sys_enter tracepoint, for the processes of a fresh cgroup (needs root); auto is ebpf when "
                    + "that is possible, else ptrace (with a note on stderr saying why). Default: ${DEFAULT-VALUE}.")
    LiveTarget.Backend backend;

    @Option(names = "--cgroup", paramLabel = "PATH",
            description = "Record the processes of this running cgroup v2 (and below it) with the eBPF backend, "
                    + "until Ctrl-C, SIGTERM or --duration; PATH is a directory, or relative to the cgroup2 mount "
                    + "as in /proc/PID/cgroup. (--pid PID without --from-audit-log records one running process, "
                    + "its threads but not its children, until it ends.)")
    String cgroup;

    @Option(names = "--duration", paramLabel = "TIME", converter = Converters.DurationConverter.class,
            description = "With --cgroup or --pid: stop recording after TIME (e.g. 500ms, 10s, 2m, 1h).")
    java.time.Duration duration;

    @Option(names = "--base-syscalls", paramLabel = "SET", defaultValue = "runc",
            description = "Syscalls the container runtime makes after loading the filter, added to the profile: "
                    + "runc, crun, none, or a comma-separated list of names. Default: ${DEFAULT-VALUE}. Not with "
                    + "--from-audit-log: under a logging profile the runtime's calls are logged like the program's "
                    + "(select them with --pid, or merge a recording), so none is added.")
    String baseSyscalls;

    @Option(names = "--no-base-syscalls", description = "Same as --base-syscalls none.")
    boolean noBaseSyscalls;

    @Option(names = "--args",
            description = "Also record the arguments that decide whether a call is safe (socket family and type, "
                    + "clone's and unshare's CLONE_NEW* flags, setns's nstype, personality, ioctl request, "
                    + "prctl option, fcntl cmd, PROT_EXEC of mmap/mprotect) and allow those syscalls only with the values seen; the report lists the "
                    + "values. See docs/record.md for each rule and when a syscall stays unrestricted.")
    boolean args;

    @Option(names = "--merge-into", paramLabel = "PROFILE",
            description = "Write the union of PROFILE (any format syscage reads) and the recording, to PROFILE "
                    + "itself (atomically, no --force needed) unless -o is given, in PROFILE's format unless -t is "
                    + "given; a CRD keeps its metadata. The report says per syscall whether it was recorded, is in "
                    + "the base set or was merged from PROFILE.")
    String mergeInto;

    @Option(names = "--two-stops", hidden = true,
            description = "Stop each call twice (PTRACE_SYSCALL) instead of once with a seccomp filter: for comparison.")
    boolean twoStops;

    @Parameters(paramLabel = "CMD", arity = "0..*",
            description = "The command to run and record, after '--'.")
    List<String> command = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (auditLog == null) {
            if (!command.isEmpty() || cgroup != null || selection.pid != null) {
                return recordCommand();
            }
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing -- CMD [ARGS...] or --from-audit-log FILE");
        }
        refuseLiveOptions();
        if (!command.isEmpty()) {
            throw new InputException("--from-audit-log records from a log, expected no command (got '"
                    + String.join(" ", command) + "')");
        }
        CrdNames.checkNameApplies(name, to);
        PrintWriter err = spec.commandLine().getErr();
        AuditFilter filter = selection.filter();
        AuditScan.Result scan;
        try (Reader in = AuditCommand.openLog(auditLog)) {
            scan = AuditScan.scan(in, AuditFilter.ALL);
        }
        String source = auditLog.equals("-") ? "stdin" : auditLog;
        AuditCommand.warnMalformed(err, source, scan.stats());
        List<AuditRecord> kept = scan.records().stream().filter(filter::matches).toList();
        if (kept.isEmpty()) {
            throw new FindingException(noMatch(source, filter, scan.records()));
        }
        SeenSyscalls seen = SeenSyscalls.of(kept);
        if (!seen.unresolved().isEmpty()) {
            AuditRecord first = seen.unresolved().get(0);
            err.println("syscage: warning: " + seen.unresolved().size() + " record(s) with an arch or syscall number "
                    + "syscage does not know were left out (first: " + AuditCommand.text(first) + ")");
        }
        if (seen.isEmpty()) {
            throw new FindingException("no record of " + source + " that matches has a syscall syscage knows");
        }
        seen.widened().forEach((syscall, arches) -> err.println("syscage: note: " + syscall + " was not seen on "
                + String.join(", ", arches.stream().map(Arch::kernelName).toList())
                + " but is allowed there too (one name list serves every arch)"));

        String program = programName(kept);
        if (out.output == null) {
            out.output = defaultOutput(program, to);
        }
        Profile profile = CrdNames.forFormat(seen.toProfile(), to, name, out.toStdout() ? program : out.output, null);
        out.write(ProfileWriter.write(profile, to));
        err.println("syscage: " + (out.toStdout() ? "recorded" : "wrote " + out.output + ":") + " " + seen.names().size()
                + " syscalls on " + String.join(", ", seen.byArch().keySet().stream().map(Arch::kernelName).toList())
                + " from " + kept.size() + " record(s)");
        err.flush();
        return ExitCodes.OK;
    }

    /**
     * Options of a live recording, which a profile from an audit log cannot honour: the log's records
     * are all there is (no backend, no time limit, no cgroup, no argument values), and the runtime's
     * own calls under the filter are records of the log like any other (its comm is runc:[2:INIT]),
     * so no base set is added. Refused rather than ignored, so that nobody trusts an option that did
     * nothing.
     */
    private void refuseLiveOptions() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : List.of("--args", "--merge-into", "--backend", "--cgroup", "--duration",
                "--base-syscalls", "--no-base-syscalls", "--two-stops")) {
            if (parsed.hasMatchedOption(option)) {
                throw new InputException(option + " applies to recording a command (-- CMD, --cgroup or --pid), "
                        + "not to --from-audit-log" + (option.contains("base-syscalls")
                        ? ", whose profile has the logged calls only (the runtime's own are in the log too)" : ""));
            }
        }
    }

    /** Runs {@code command} (or watches --cgroup / --pid) and writes the profile and its report. */
    private int recordCommand() throws IOException {
        LiveTarget target = LiveTarget.of(command, cgroup, selection, duration);
        // Read PROFILE before running: a bad one must fail fast and stay as it is.
        MergeTarget mergeTarget = mergeInto == null ? null : MergeTarget.read(mergeInto);
        ProfileFormat format = mergeTarget != null && !toGiven() ? mergeTarget.format() : to;
        CrdNames.checkNameApplies(name, format);
        BaseSyscalls base = noBaseSyscalls ? BaseSyscalls.NONE : BaseSyscalls.parse(baseSyscalls);
        String program = target.programName();
        if (out.output == null) {
            out.output = mergeTarget != null ? mergeInto : defaultOutput(program, format);
        }
        // No report beside a stream: -o /dev/null must not create /dev/null.report.json
        String report = out.toStream() ? null : out.output + ".report.json";
        // The user asked to replace PROFILE (and the report that describes it): no --force for those.
        boolean intoTarget = mergeTarget != null && !out.toStdout() && mergeTarget.isFile(out.output);
        // Refuse before running: a recording may take long and cannot be repeated cheaply.
        if (!out.toStdout() && !intoTarget) {
            out.checkNew(out.output);
            if (report != null) {
                out.checkNew(report);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        // Installed before CMD starts, so that a signal arriving meanwhile is held, not lost, and
        // kept until the profile is written: an interrupted recording is still written.
        try (SignalForwarding forwarding = SignalForwarding.install()) {
            Recording recording;
            try {
                recording = target.record(backend, twoStops, args, err,
                        new Interrupts(forwarding, java.time.Duration.ofSeconds(GRACE_SECONDS)));
            } catch (LaunchException e) {
                err.println("syscage: " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            return write(target, recording, mergeTarget, format, base, program, report, intoTarget,
                    forwarding.firstSignal().isPresent() ? forwarding.firstSignal().getAsInt() : 0);
        }
    }

    /** Writes the profile and its report for {@code recording}; {@code signal} is the one that interrupted it, or 0. */
    private int write(LiveTarget target, Recording recording, MergeTarget mergeTarget, ProfileFormat format,
                      BaseSyscalls base, String program, String report, boolean intoTarget, int signal)
            throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        RecordReport result = new RecordReport(recording, base, Arch.host(), mergeTarget == null ? null : mergeTarget.profile());
        Profile profile = CrdNames.forFormat(result.profile(), format, name, out.toStdout() ? program : out.output, null);
        String text = ProfileWriter.write(profile, format);
        if (intoTarget) {
            AtomicFiles.writeAtomically(Path.of(out.output), text, true);
        } else {
            out.write(text);
        }
        if (report != null) {
            AtomicFiles.writeAtomically(Path.of(report), result.toJson().getBytes(StandardCharsets.UTF_8),
                    out.force || intoTarget);
        }
        for (String line : result.summary().split("\n")) {
            err.println("syscage: " + line);
        }
        if (signal != 0) {
            err.println("syscage: note: recording interrupted by " + SignalNames.of(signal) + "; the profile has what "
                    + target + " did until then");
        }
        err.println("syscage: " + (out.toStdout() ? "profile written to stdout" : "wrote " + out.output
                + " and " + report) + (recording.commandExit() != 0
                ? "; " + target + " " + recording.commandStatus().describe() : ""));
        err.flush();
        return recording.commandExit();
    }

    /** Whether -t was on the command line (with --merge-into the format otherwise follows PROFILE's). */
    private boolean toGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--to");
    }

    /** The command's file name as a file name of ours: {@code /usr/bin/python3} is {@code python3}. */
    static String commandName(String cmd) {
        Path fileName = Path.of(cmd).getFileName();
        return safeName(fileName == null ? cmd : fileName.toString());
    }

    /** A name as a file name of ours: no slashes or blanks, no leading dot or dash; "profile" when nothing is left. */
    private static String safeName(String name) {
        String safe = name.replaceAll("[/\\s]+", "-").replaceAll("^[.-]+", "");
        return safe.isEmpty() ? "profile" : safe;
    }

    /** {@code <program>.json}, or {@code .yaml} for a CRD, in the current directory. */
    static String defaultOutput(String program, ProfileFormat to) {
        return program + (to.isCrd() ? ".yaml" : ".json");
    }

    /** --comm, else --exe's file name, else the one comm the records share; a valid file name. */
    String programName(List<AuditRecord> kept) {
        String program;
        if (selection.comm != null) {
            program = selection.comm;
        } else if (selection.exe != null) {
            return commandName(selection.exe);
        } else {
            TreeSet<String> comms = new TreeSet<>();
            kept.forEach(r -> comms.add(String.valueOf(r.comm())));
            if (comms.size() != 1 && out.output == null) {
                throw new InputException("the records come from several programs (" + String.join(", ", comms)
                        + "), expected -o OUT, or --comm NAME to pick one");
            }
            program = comms.first();
        }
        return safeName(program);
    }

    private static String noMatch(String source, AuditFilter filter, List<AuditRecord> all) {
        if (all.isEmpty()) {
            return "no seccomp audit records in " + source + " (was the program run under a profile that logs, "
                    + "such as defaultAction SCMP_ACT_LOG?)";
        }
        TreeSet<String> comms = new TreeSet<>();
        all.forEach(r -> comms.add(String.valueOf(r.comm())));
        return "none of the " + all.size() + " seccomp records in " + source + " matches " + describe(filter)
                + " (commands seen: " + String.join(", ", comms) + ")";
    }

    private static String describe(AuditFilter f) {
        List<String> parts = new ArrayList<>();
        if (f.comm() != null) {
            parts.add("--comm " + f.comm());
        }
        if (f.pid() != null) {
            parts.add("--pid " + f.pid());
        }
        if (f.exe() != null) {
            parts.add("--exe " + f.exe());
        }
        return String.join(" ", parts);
    }
}
