package org.syscage.core.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syscage.core.format.Node.Entry;
import org.syscage.core.format.Node.ListNode;
import org.syscage.core.format.Node.MapNode;
import org.syscage.core.format.Node.ScalarKind;
import org.syscage.core.format.Node.ScalarNode;

/**
 * Turns JSON or YAML text into a {@link Node} tree with positions. The syntax is told apart by
 * content: text whose first character (after a byte-order mark and whitespace) is '{' or '[' is
 * JSON, anything else YAML. JSON is valid YAML too, but the JSON parser gives JSON-specific
 * messages ("expected ','") and exact positions for JSON's syntax.
 *
 * <p>Rejected beyond plain syntax errors: an empty document, more than one document, duplicate
 * keys and YAML aliases (Jackson would silently read {@code *x} as the string "x").
 */
final class DocumentParser {
    private static final char BOM = '\uFEFF';

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** A container that is open while parsing, for "expected ']' to close ..." on a truncated file. */
    record Open(String what, char closer, Position at) {}

    private final Source source;
    private final boolean yaml;
    private final Deque<Open> open = new ArrayDeque<>();

    private DocumentParser(Source source, boolean yaml) {
        this.source = source;
        this.yaml = yaml;
    }

    /** Whether the text is JSON (else it is read as YAML). */
    static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == BOM || Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' || c == '[';
        }
        return false;
    }

    static Node parse(Source source, String text) {
        // A leading BOM is not part of the text: editors do not count it as a column either.
        String body = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        boolean json = looksLikeJson(body);
        return new DocumentParser(source, !json).parseDocument(json ? JSON : YAML, body);
    }

    private Node parseDocument(JsonFactory factory, String body) {
        try (JsonParser p = factory.createParser(body)) {
            JsonToken first = next(p);
            if (first == null) {
                throw source.error(Position.START, (body.isBlank() ? "empty file" : "no value in the file (only comments)")
                        + ", expected a seccomp profile (a JSON or YAML object)");
            }
            Node root = value(p, first);
            if (yaml && root instanceof Node.ScalarNode s && s.kind() == ScalarKind.STRING && s.text().isEmpty()) {
                // An empty document (a lone "---") comes from Jackson as an empty string.
                throw source.error(Position.START, "empty YAML document, expected a seccomp profile (a YAML object)");
            }
            JsonToken extra = next(p);
            if (extra != null) {
                throw source.error(tokenAt(p), yaml
                        ? "a second YAML document, expected one profile per file"
                        : "more content after the profile, expected the end of the file");
            }
            return root;
        } catch (IOException e) {
            // Only close() can get here; parsing from a String does no I/O.
            throw new UncheckedIOException(e);
        }
    }

    private JsonToken next(JsonParser p) {
        try {
            return p.nextToken();
        } catch (JacksonException e) {
            throw ParseErrors.translate(source, e, p, open, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Node value(JsonParser p, JsonToken token) {
        Position at = tokenAt(p);
        try {
            return switch (token) {
                case START_OBJECT -> object(p, at);
                case START_ARRAY -> array(p, at);
                case VALUE_STRING -> {
                    if (yaml && ((YAMLParser) p).isCurrentAlias()) {
                        throw source.error(at, "YAML alias '*" + p.getText()
                                + "' is not supported, expected the value written out");
                    }
                    yield new ScalarNode(at, ScalarKind.STRING, p.getText(), null);
                }
                case VALUE_NUMBER_INT -> new ScalarNode(at, ScalarKind.INTEGER, p.getText(), p.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT -> new ScalarNode(at, ScalarKind.FLOAT, p.getText(), null);
                // YAML also spells booleans yes/no/on/off; keep the meaning, not the spelling.
                case VALUE_TRUE -> new ScalarNode(at, ScalarKind.BOOLEAN, "true", null);
                case VALUE_FALSE -> new ScalarNode(at, ScalarKind.BOOLEAN, "false", null);
                case VALUE_NULL -> new ScalarNode(at, ScalarKind.NULL, "null", null);
                default -> throw source.error(at, "unsupported " + (yaml ? "YAML" : "JSON")
                        + " value, expected a string, number, boolean, list or object");
            };
        } catch (JacksonException e) {
            throw ParseErrors.translate(source, e, p, open, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MapNode object(JsonParser p, Position at) throws IOException {
        open.push(new Open("object", '}', at));
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonToken t = next(p); t != JsonToken.END_OBJECT; t = next(p)) {
            if (t == null) {
                throw truncated(p);
            }
            String key = p.currentName();
            Position keyAt = tokenAt(p);
            Entry previous = entries.get(key);
            if (previous != null) {
                throw source.error(keyAt, "duplicate field " + Messages.quote(key) + " (first at "
                        + previous.keyAt() + "), expected each field once");
            }
            JsonToken v = next(p);
            if (v == null) {
                throw truncated(p);
            }
            entries.put(key, new Entry(key, keyAt, value(p, v)));
        }
        open.pop();
        return new MapNode(at, entries);
    }

    private ListNode array(JsonParser p, Position at) {
        open.push(new Open("list", ']', at));
        List<Node> items = new ArrayList<>();
        for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
            if (t == null) {
                throw truncated(p);
            }
            items.add(value(p, t));
        }
        open.pop();
        return new ListNode(at, items);
    }

    private ProfileFormatException truncated(JsonParser p) {
        return source.error(position(p.currentLocation()), ParseErrors.endOfFile(open));
    }

    private static Position tokenAt(JsonParser p) {
        return position(p.currentTokenLocation());
    }

    static Position position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Position.START;
        }
        return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }
}
