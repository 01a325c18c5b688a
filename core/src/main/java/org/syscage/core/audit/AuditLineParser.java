package org.syscage.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.syscage.core.arch.Arch;

/**
 * Finds the seccomp audit record in one log line, whatever wrapped it:
 * <ul>
 *   <li>the kernel's own message, {@code audit: type=1326 audit(1594067860.484:14536): auid=...},
 *       as {@code dmesg} ({@code [ 369128.669452] audit: ...}), {@code /dev/kmsg}
 *       ({@code 5,1234,369128669452,-;audit: ...}), syslog ({@code Jul  6 15:37:40 host kernel: ...})
 *       or {@code journalctl} print it;
 *   <li>auditd's {@code /var/log/audit/audit.log}: {@code type=SECCOMP msg=audit(...): auid=...},
 *       raw or enriched (0x1d and uppercase fields appended);
 *   <li>the journal's audit lines, {@code audit[29064]: SECCOMP auid=...}, also as
 *       {@code journalctl -o json} objects (the {@code MESSAGE} field).
 * </ul>
 * Everything before the marker (timestamps, host names, {@code kernel:}) is ignored. A line
 * without a marker is {@link AuditLine.Other}; a line with one whose fields are missing or
 * garbled is {@link AuditLine.Malformed}.
 */
public final class AuditLineParser {
    private AuditLineParser() {}

    private static final Pattern MARKER = Pattern.compile(
            "type=(?:1326|SECCOMP)\\b|\\baudit(?:\\[\\d+\\])?:\\s+SECCOMP\\s|^SECCOMP\\s");
    private static final Pattern STAMP = Pattern.compile(
            "\\G\\s*(?:msg=)?audit\\((\\d+)\\.(\\d{1,9}):(\\d+)\\)\\s*:?");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A name where a number belongs: {@code ausearch -i} replaced the numbers. */
    private static final String INTERPRETED = " (ausearch -i output? give the raw log)";

    public static AuditLine parse(String line) {
        String text = line.startsWith("{") ? journalMessage(line) : line;
        Matcher marker = MARKER.matcher(text);
        if (!marker.find()) {
            return AuditLine.OTHER;
        }
        int at = marker.end();
        Instant time = null;
        long serial = 0;
        Matcher stamp = STAMP.matcher(text);
        if (stamp.find(at)) {
            String fraction = (stamp.group(2) + "000000000").substring(0, 9);
            try {
                time = Instant.ofEpochSecond(Long.parseLong(stamp.group(1)), Integer.parseInt(fraction));
                serial = Long.parseLong(stamp.group(3));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                return new AuditLine.Malformed("garbled audit(...) stamp");
            }
            at = stamp.end();
        }
        try {
            return new AuditLine.Seccomp(record(AuditFields.parse(text, at), time, serial));
        } catch (BadField e) {
            return new AuditLine.Malformed(e.getMessage());
        }
    }

    private static AuditRecord record(AuditFields f, Instant time, long serial) {
        int arch = (int) hex(f, "arch", true, 0xffffffffL);
        long syscall = decimal(f, "syscall", true, 0);
        if (syscall < Integer.MIN_VALUE || syscall > 0xffffffffL) {
            throw new BadField("syscall=" + f.raw("syscall") + " is out of range");
        }
        return new AuditRecord(time, serial,
                (int) decimal(f, "pid", true, 0),
                decimal(f, "uid", false, AuditRecord.UNSET),
                decimal(f, "auid", false, AuditRecord.UNSET),
                f.text("comm"),
                f.text("exe"),
                (int) decimal(f, "sig", false, 0),
                arch,
                (int) syscall,
                (int) decimal(f, "compat", false, 0),
                hex(f, "ip", false, 0),
                (int) hex(f, "code", true, 0xffffffffL));
    }

    /** A decimal field; absent or garbled optional fields take {@code absent}. */
    private static long decimal(AuditFields f, String key, boolean required, long absent) {
        String raw = f.raw(key);
        if (raw == null) {
            if (required) {
                throw new BadField("no " + key + "= field");
            }
            return absent;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            if (required) {
                throw new BadField(key + "=" + raw + " is not a decimal number"
                        + (key.equals("syscall") && raw.matches("[a-z_][a-z0-9_]*") ? INTERPRETED : ""));
            }
            return absent;
        }
    }

    /** A hex field with or without 0x, at most {@code max}. */
    private static long hex(AuditFields f, String key, boolean required, long max) {
        String raw = f.raw(key);
        if (raw == null) {
            if (required) {
                throw new BadField("no " + key + "= field");
            }
            return 0;
        }
        String digits = raw.startsWith("0x") || raw.startsWith("0X") ? raw.substring(2) : raw;
        try {
            long v = Long.parseUnsignedLong(digits, 16);
            if (max != 0 && Long.compareUnsigned(v, max) > 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            if (required) {
                throw new BadField(key + "=" + raw + " is not a hex number"
                        + (key.equals("arch") && Arch.find(raw).isPresent() ? INTERPRETED : ""));
            }
            return 0;
        }
    }

    /** The MESSAGE of a {@code journalctl -o json} line (a string, or bytes when not UTF-8); else the line itself. */
    private static String journalMessage(String line) {
        try {
            JsonNode message = JSON.readTree(line).get("MESSAGE");
            if (message == null) {
                return line;
            }
            if (message.isTextual()) {
                return message.asText();
            }
            if (message.isArray()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                message.forEach(b -> bytes.write(b.asInt()));
                return bytes.toString(StandardCharsets.UTF_8);
            }
            return line;
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return line;
        }
    }

    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
