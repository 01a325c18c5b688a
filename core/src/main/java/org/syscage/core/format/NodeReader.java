package org.syscage.core.format;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.syscage.core.format.Node.Entry;
import org.syscage.core.format.Node.ListNode;
import org.syscage.core.format.Node.MapNode;
import org.syscage.core.format.Node.ScalarKind;
import org.syscage.core.format.Node.ScalarNode;

/**
 * Typed reads from a {@link Node} tree. Every failure becomes a {@link ProfileFormatException}
 * at the offending value, prefixed with the value's path ({@code syscalls[2].args[0].value}).
 *
 * <p>Like Go's encoding/json, which runc and dockerd use, null and the empty string mean
 * "absent" for optional fields.
 */
final class NodeReader {
    static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    static final String UINT64 = "an unsigned 64-bit integer 0.." + MAX_UINT64;

    private final Source source;

    NodeReader(Source source) {
        this.source = source;
    }

    ProfileFormatException error(Position at, String path, String detail) {
        return source.error(at, path.isEmpty() ? detail : path + ": " + detail);
    }

    ProfileFormatException wrongType(Node n, String path, String expected) {
        return error(n.at(), path, "found " + n.describe() + ", expected " + expected);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    static boolean isAbsent(Node n) {
        return n == null || (n instanceof ScalarNode s && s.isNull());
    }

    MapNode object(Node n, String path, String expected) {
        if (n instanceof MapNode m) {
            return m;
        }
        throw wrongType(n, path, expected);
    }

    /** Rejects keys outside {@code allowed}, suggesting the closest known one. */
    void allowOnly(MapNode m, String path, Collection<String> allowed) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                throw error(e.keyAt(), path, "unknown field " + Messages.quote(e.key())
                        + Messages.didYouMean(e.key(), allowed) + ", expected " + Messages.oneOf(allowed));
            }
        }
    }

    /** The value of a field that must be present and not null. */
    Node required(MapNode m, String path, String key, String expected) {
        Entry e = m.entry(key);
        if (e == null) {
            throw error(m.at(), path, "missing field " + Messages.quote(key) + ", expected " + expected);
        }
        if (isAbsent(e.value())) {
            throw wrongType(e.value(), child(path, key), expected);
        }
        return e.value();
    }

    /** The value of an optional field, or null when absent or null. */
    Node optional(MapNode m, String key) {
        Entry e = m.entry(key);
        return e == null || isAbsent(e.value()) ? null : e.value();
    }

    String string(Node n, String path, String expected) {
        if (n instanceof ScalarNode s && s.kind() == ScalarKind.STRING) {
            return s.text();
        }
        throw wrongType(n, path, expected);
    }

    /** A non-empty string, or null for an absent, null or empty field. */
    String optionalString(MapNode m, String path, String key) {
        Node n = optional(m, key);
        if (n == null) {
            return null;
        }
        String s = string(n, child(path, key), "a string");
        return s.isEmpty() ? null : s;
    }

    /** The items of a list field; an absent or null list is empty. */
    List<Node> list(MapNode m, String path, String key, String expected) {
        Node n = optional(m, key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof ListNode l) {
            return l.items();
        }
        throw wrongType(n, child(path, key), expected);
    }

    List<String> strings(MapNode m, String path, String key, String expectedItem) {
        String listPath = child(path, key);
        List<Node> items = list(m, path, key, "a list of " + expectedItem + "s");
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(string(items.get(i), item(listPath, i), expectedItem));
        }
        return out;
    }

    /** An integer in {@code [min, max]}; {@code expected} describes the range for the message. */
    BigInteger integer(Node n, String path, BigInteger min, BigInteger max, String expected) {
        if (!(n instanceof ScalarNode s) || s.kind() != ScalarKind.INTEGER) {
            throw wrongType(n, path, expected);
        }
        BigInteger v = s.integer();
        if (v.signum() < 0 && min.signum() >= 0) {
            throw error(n.at(), path, "found the negative number " + v + ", expected " + expected);
        }
        if (v.compareTo(max) > 0 && max.equals(MAX_UINT64)) {
            throw error(n.at(), path, "found " + v + ", which does not fit in 64 bits, expected " + expected);
        }
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw error(n.at(), path, "found " + v + ", out of range, expected " + expected);
        }
        return v;
    }

    int smallInt(Node n, String path, int min, int max, String expected) {
        return integer(n, path, BigInteger.valueOf(min), BigInteger.valueOf(max), expected).intValueExact();
    }

    /** An unsigned 64-bit value held in a long (two's complement for values from 2^63). */
    long unsigned64(Node n, String path) {
        return integer(n, path, BigInteger.ZERO, MAX_UINT64, UINT64).longValue();
    }

    boolean bool(Node n, String path) {
        if (n instanceof ScalarNode s && s.kind() == ScalarKind.BOOLEAN) {
            return s.text().equals("true");
        }
        throw wrongType(n, path, "true or false");
    }
}
