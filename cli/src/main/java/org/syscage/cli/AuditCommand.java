package org.syscage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.audit.AuditFilter;
import org.syscage.core.audit.AuditRecord;
import org.syscage.core.audit.AuditScan;
import org.syscage.core.audit.FileTail;
import org.syscage.core.audit.KernelLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code syscage audit}: seccomp audit records with syscall names and actions. */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Print the seccomp audit records of a log: which process made which syscall, on which arch, "
                        + "and what the filter did (LOG, KILL_PROCESS, ERRNO...). Works for any filter, "
                        + "not only those syscage installed.",
                "Reads kernel 'type=1326' lines as dmesg, /dev/kmsg, syslog and journalctl show them (also "
                        + "journalctl -o json), and auditd's 'type=SECCOMP' lines. Other lines are skipped; "
                        + "lines that look like records but are broken are counted and reported on stderr: in one "
                        + "line at the end, or with --follow each as it is read (SOURCE:LINE: what is wrong).",
                "Source: --file F; else /var/log/audit/audit.log when it is readable (auditd runs); else the "
                        + "kernel's log buffer, /dev/kmsg (needs root or CAP_SYSLOG)."},
        footer = {"",
                "Examples:",
                "  syscage audit --comm http-echo",
                "  syscage audit --follow --format json",
                "  journalctl -k -o json | syscage audit --file -",
                "",
                "Exit codes: 0 the log was read (whether or not records matched), 2 bad usage (such as a --pid "
                        + "that is not a positive number) or an unreadable source."})
final class AuditCommand implements Callable<Integer> {
    static final Path AUDITD_LOG = Path.of("/var/log/audit/audit.log");
    /** How long /dev/kmsg must stay silent before its buffer counts as read through. */
    static final Duration KMSG_QUIET = Duration.ofMillis(250);
    static final Duration FILE_POLL = Duration.ofMillis(250);

    enum Format { text, json }

    @Option(names = {"-f", "--follow"},
            description = "Keep reading: print the records already there, then new ones as they are logged, "
                    + "until interrupted (Ctrl-C). A followed file may be rotated or truncated.")
    boolean follow;

    @Option(names = "--file", paramLabel = "F", description = "Read this log instead; - reads stdin.")
    String file;

    @CommandLine.Mixin
    AuditSelection selection;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text: one line per record; json: one JSON object per line. Default: ${DEFAULT-VALUE}.")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the records come from. */
    sealed interface Source {
        record Stdin() implements Source {}

        record LogFile(Path path) implements Source {}

        record Kmsg(Path device) implements Source {}
    }

    /** --file, else auditd's log when readable, else the kernel's buffer. */
    static Source choose(String file, Path auditdLog, Path kmsg) {
        if (file != null) {
            return file.equals("-") ? new Source.Stdin() : new Source.LogFile(Path.of(file));
        }
        return Files.isReadable(auditdLog) ? new Source.LogFile(auditdLog) : new Source.Kmsg(kmsg);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Source source = choose(file, AUDITD_LOG, KernelLog.DEVICE);
        AuditScan scan = new AuditScan(selection.filter(), r -> {
            out.println(format == Format.json ? json(r) : text(r));
            if (follow) {
                out.flush();
            }
        }, broken -> {
            // Ctrl-C ends a followed log with the JVM: no summary would come, so each line is told now.
            if (follow) {
                err.println("syscage: warning: broken seccomp record line skipped: " + describe(source) + ":"
                        + broken.lineNumber() + ": " + broken.reason());
                err.flush();
            }
        });
        read(source, scan);
        out.flush();
        if (!follow) {
            warnMalformed(err, describe(source), scan.stats());
        }
        return ExitCodes.OK;
    }

    private void read(Source source, AuditScan scan) throws IOException {
        switch (source) {
            case Source.Stdin s -> scan.readAll(openLog("-"));
            case Source.LogFile f when follow -> {
                checkReadable(f.path());
                new FileTail(f.path(), FILE_POLL, scan::accept).follow();
            }
            case Source.LogFile f -> {
                checkReadable(f.path());
                try (Reader r = openLog(f.path().toString())) {
                    scan.readAll(r);
                } catch (NoSuchFileException | AccessDeniedException named) {
                    throw named;
                } catch (IOException e) {
                    // The JDK's message ("Is a directory", "Input/output error") does not say which file.
                    throw new InputException(f.path() + ": cannot read: " + e.getMessage(), e);
                }
            }
            case Source.Kmsg k -> {
                try (InputStream device = openKmsg(k.device())) {
                    KernelLog log = new KernelLog(device);
                    if (follow) {
                        log.follow(scan::accept);
                    } else {
                        log.snapshot(scan::accept, KMSG_QUIET);
                    }
                    if (log.gaps() > 0) {
                        spec.commandLine().getErr().println("syscage: warning: the kernel's log buffer overran "
                                + log.gaps() + " time(s) while it was read; older records were lost");
                    }
                }
            }
        }
    }

    /** A log file that is not there or is a directory is named in the error, as every command names its input. */
    private static void checkReadable(Path log) throws NoSuchFileException {
        if (!Files.exists(log)) {
            throw new NoSuchFileException(log.toString());
        }
        if (Files.isDirectory(log)) {
            throw new InputException(log + ": cannot read: Is a directory");
        }
    }

    /**
     * A log to read through: a file, or stdin for {@code -}. Bytes that are not UTF-8 (binary junk
     * in a syslog) become U+FFFD instead of failing the read.
     */
    static Reader openLog(String file) throws IOException {
        InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
        return new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static InputStream openKmsg(Path device) {
        try {
            return new FileInputStream(device.toFile());
        } catch (FileNotFoundException e) {
            throw new InputException(device + ": cannot read the kernel log (" + e.getMessage().replace(device + " ", "")
                    + "; it needs root or CAP_SYSLOG), expected --file F with a saved log");
        }
    }

    static String describe(Source source) {
        return switch (source) {
            case Source.Stdin s -> "stdin";
            case Source.LogFile f -> f.path().toString();
            case Source.Kmsg k -> k.device().toString();
        };
    }

    /** One line on stderr when some lines looked like records but were broken. */
    static void warnMalformed(PrintWriter err, String source, AuditScan.Stats stats) {
        if (stats.malformed() == 0) {
            return;
        }
        AuditScan.MalformedLine first = stats.firstMalformed().get(0);
        err.println("syscage: warning: " + stats.malformed() + " broken seccomp record line"
                + (stats.malformed() == 1 ? "" : "s") + " skipped (first: " + source + ":" + first.lineNumber()
                + ": " + first.reason() + ")");
        err.flush();
    }

    /** {@code pid 4242 comm=http-echo exe=/http-echo x86_64 accept4 (288) -> LOG}. */
    static String text(AuditRecord r) {
        StringBuilder s = new StringBuilder("pid ").append(r.pid()).append(" comm=").append(quoted(r.comm()));
        if (r.exe() != null) {
            s.append(" exe=").append(quoted(r.exe()));
        }
        if (r.arch().isPresent()) {
            s.append(' ').append(r.arch().get().kernelName()).append(' ')
                    .append(r.syscallName().orElse("?")).append(" (").append(r.syscall()).append(')');
        } else {
            s.append(String.format(" arch=0x%08x syscall %d", r.auditArch(), r.syscall()));
        }
        return s.append(" -> ").append(r.action().label()).toString();
    }

    private static String quoted(String s) {
        if (s == null) {
            return "?";
        }
        return s.isEmpty() || s.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"') ? "\"" + s + "\"" : s;
    }

    static String json(AuditRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", r.time() == null ? null : r.time().toString());
        o.put("serial", r.serial());
        o.put("pid", r.pid());
        putId(o, "uid", r.uid());
        putId(o, "auid", r.auid());
        o.put("comm", r.comm());
        o.put("exe", r.exe());
        o.put("arch", r.arch().map(a -> a.kernelName()).orElse(null));
        o.put("auditArch", String.format("0x%08x", r.auditArch()));
        o.put("syscall", r.syscall());
        o.put("name", r.syscallName().orElse(null));
        o.put("action", r.action().label());
        o.put("code", String.format("0x%08x", r.code()));
        o.put("signal", r.signal());
        o.put("compat", r.compat());
        o.put("ip", "0x" + Long.toHexString(r.ip()));
        return o.toString();
    }

    private static void putId(ObjectNode o, String key, long id) {
        if (id == AuditRecord.UNSET) {
            o.putNull(key);
        } else {
            o.put(key, id);
        }
    }
}
