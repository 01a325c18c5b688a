package org.syscage.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code key=value} fields of an audit message. Values are bare words or double-quoted
 * strings; auditd's enriched format appends more fields after a 0x1d byte (uppercase keys such as
 * {@code SYSCALL=}, which do not clash with the kernel's lowercase ones). Tokens without '='
 * (an AppArmor {@code subj=docker-default (enforce)} tail) are ignored. The first occurrence of a
 * key wins.
 */
final class AuditFields {
    private static final char ENRICHED_SEPARATOR = 0x1d;

    /** A value and whether it was quoted (unquoted untrusted strings are hex, see {@link #text}). */
    record Value(String raw, boolean quoted) {}

    private final Map<String, Value> values;

    private AuditFields(Map<String, Value> values) {
        this.values = values;
    }

    static AuditFields parse(String text, int from) {
        Map<String, Value> values = new HashMap<>();
        int i = from;
        int n = text.length();
        while (i < n) {
            while (i < n && isSeparator(text.charAt(i))) {
                i++;
            }
            int keyStart = i;
            while (i < n && !isSeparator(text.charAt(i)) && text.charAt(i) != '=') {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                continue; // a word without '=': skipped
            }
            String key = text.substring(keyStart, i);
            i++;
            Value value;
            if (i < n && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                value = new Value(text.substring(i + 1, end), true);
                i = close < 0 ? n : close + 1;
            } else {
                int start = i;
                while (i < n && !isSeparator(text.charAt(i))) {
                    i++;
                }
                value = new Value(text.substring(start, i), false);
            }
            if (!key.isEmpty()) {
                values.putIfAbsent(key, value);
            }
        }
        return new AuditFields(values);
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || c == ENRICHED_SEPARATOR;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String raw(String key) {
        Value v = values.get(key);
        return v == null ? null : v.raw();
    }

    /**
     * An untrusted string (comm, exe): the kernel quotes it when it is plain, and logs it as
     * unquoted hex when it holds spaces, quotes, control or non-ASCII bytes. {@code (null)} is
     * the kernel's "none". An unquoted value that is not hex is kept as it is.
     */
    String text(String key) {
        Value v = values.get(key);
        if (v == null || (!v.quoted() && v.raw().equals("(null)"))) {
            return null;
        }
        if (v.quoted()) {
            return v.raw();
        }
        String decoded = hexDecode(v.raw());
        return decoded != null ? decoded : v.raw();
    }

    private static String hexDecode(String s) {
        if (s.isEmpty() || s.length() % 2 != 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() / 2);
        for (int i = 0; i < s.length(); i += 2) {
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes.write(hi << 4 | lo);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
