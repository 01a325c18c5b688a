package org.syscage.core.format;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON or YAML document that remembers where each value was written, so that checks
 * done after parsing (types, ranges, unknown fields) can still name a line and column. Jackson's
 * own tree forgets positions, hence this small one.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    Position at();

    /** A short description of what was found, for "found X, expected Y" messages. */
    String describe();

    /** One key of a mapping, with where the key itself was written. */
    record Entry(String key, Position keyAt, Node value) {}

    /** An object / mapping; entries keep the order of the source. */
    record MapNode(Position at, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
        }

        Entry entry(String key) {
            return entries.get(key);
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        @Override
        public String describe() {
            return "an object";
        }
    }

    record ListNode(Position at, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    enum ScalarKind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /**
     * A leaf value. {@code text} is the value as written (for strings, the string itself);
     * {@code integer} is set for INTEGER only, with no range limit so that out-of-range values
     * can be reported as such.
     */
    record ScalarNode(Position at, ScalarKind kind, String text, BigInteger integer) implements Node {
        boolean isNull() {
            return kind == ScalarKind.NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "the string " + Messages.quote(text);
                case INTEGER -> "the integer " + integer;
                case FLOAT -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "null";
            };
        }
    }
}
