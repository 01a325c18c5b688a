package org.syscage.core.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Feeds log lines through {@link AuditLineParser}, passes the records a filter keeps on, and
 * counts what it saw. Not thread-safe: one scan per source.
 */
public final class AuditScan {
    /** How many malformed lines are remembered for messages; the rest are only counted. */
    static final int REMEMBERED = 5;

    private final AuditFilter filter;
    private final Consumer<AuditRecord> sink;
    private final Consumer<MalformedLine> onMalformed;
    private long lines;
    private long records;
    private long kept;
    private long malformed;
    private final List<MalformedLine> firstMalformed = new ArrayList<>();

    /** A malformed line: its number (from 1) and what was wrong. */
    public record MalformedLine(long lineNumber, String reason) {}

    /** What a scan saw: lines read, seccomp records among them, records the filter kept, malformed lines. */
    public record Stats(long lines, long records, long kept, long malformed, List<MalformedLine> firstMalformed) {
        public Stats {
            firstMalformed = List.copyOf(firstMalformed);
        }
    }

    public AuditScan(AuditFilter filter, Consumer<AuditRecord> sink) {
        this(filter, sink, m -> { });
    }

    /**
     * A scan that also hands each malformed line to {@code onMalformed} as it is read: a log that
     * is followed has no end at which to sum them up.
     */
    public AuditScan(AuditFilter filter, Consumer<AuditRecord> sink, Consumer<MalformedLine> onMalformed) {
        this.filter = filter;
        this.sink = sink;
        this.onMalformed = onMalformed;
    }

    /** Parses one line. */
    public void accept(String line) {
        lines++;
        switch (AuditLineParser.parse(line)) {
            case AuditLine.Seccomp s -> {
                records++;
                if (filter.matches(s.record())) {
                    kept++;
                    sink.accept(s.record());
                }
            }
            case AuditLine.Malformed m -> {
                malformed++;
                MalformedLine bad = new MalformedLine(lines, m.reason());
                if (firstMalformed.size() < REMEMBERED) {
                    firstMalformed.add(bad);
                }
                onMalformed.accept(bad);
            }
            case AuditLine.Other o -> { }
        }
    }

    /** Reads every line of {@code in} (not closed). */
    public void readAll(Reader in) throws IOException {
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            accept(line);
        }
    }

    public Stats stats() {
        return new Stats(lines, records, kept, malformed, firstMalformed);
    }

    /** Every record of {@code in} the filter keeps, and the counts. */
    public static Result scan(Reader in, AuditFilter filter) throws IOException {
        List<AuditRecord> kept = new ArrayList<>();
        AuditScan scan = new AuditScan(filter, kept::add);
        scan.readAll(in);
        return new Result(kept, scan.stats());
    }

    /** The records a whole scan kept, in log order. */
    public record Result(List<AuditRecord> records, Stats stats) {
        public Result {
            records = List.copyOf(records);
        }
    }
}
