package org.syscage.core.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Rewrites Jackson's and SnakeYAML's syntax errors as one-line "what was wrong, expected what"
 * messages at the position of the problem. Their own messages span several lines, name the
 * parser's internals ("VALUE_STRING", "[Source: ...]") and sometimes point past the problem.
 */
final class ParseErrors {
    private static final Pattern UNEXPECTED_CHAR =
            Pattern.compile("Unexpected character \\((.+?) \\(code (\\d+)[^)]*\\)\\):?\\s*(.*)", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED_TOKEN =
            Pattern.compile("Unrecognized token '(.*?)': was expecting.*", Pattern.DOTALL);
    private static final Pattern SNAKE_EXPECTED_BUT =
            Pattern.compile("expected (.+), but (?:found|got) (.+)", Pattern.DOTALL);
    /** "expected" as a word: "unexpected" must not count as saying what was expected. */
    private static final Pattern SAYS_EXPECTED = Pattern.compile("\\bexpected\\b");
    private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\s*\\(?start marker at \\[.*?\\]\\)?|\\s*at \\[Source.*");

    private ParseErrors() {}

    static ProfileFormatException translate(Source source, JacksonException e, JsonParser p,
                                            Deque<DocumentParser.Open> open, boolean yaml) {
        MarkedYAMLException snake = yaml ? snakeCause(e) : null;
        if (snake != null) {
            return yamlError(source, snake);
        }
        Position at = DocumentParser.position(e.getLocation() != null ? e.getLocation() : p.currentLocation());
        String original = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        if (original.startsWith("Unexpected end-of-input")) {
            return source.error(at, original.contains("quote") || original.contains("VALUE_STRING")
                    ? "unexpected end of file inside a string, expected a closing '\"'"
                    : endOfFile(open));
        }
        Matcher m = UNEXPECTED_CHAR.matcher(original);
        if (m.matches()) {
            return source.error(at, "unexpected " + character(Integer.parseInt(m.group(2))) + ", "
                    + expectation(m.group(3)));
        }
        m = UNRECOGNIZED_TOKEN.matcher(original);
        if (m.matches()) {
            // Jackson points after the word; the word's start is where to look.
            String word = m.group(1);
            Position start = at.column() > word.length() ? new Position(at.line(), at.column() - word.length()) : at;
            return source.error(start, "unrecognized word " + Messages.quote(word)
                    + ", expected a value (a \"string\", number, object, list, true, false or null)");
        }
        if (original.contains("Leading zeroes not allowed")) {
            return source.error(at, "number with a leading zero, expected a decimal number such as 8 or 10");
        }
        if (original.contains("a field name (Scalar value in YAML)")) {
            return source.error(at, "a list or object used as a key, expected a plain field name");
        }
        if (original.contains("CTRL-CHAR")) {
            return source.error(at, "control character inside a string, expected it escaped (like \\n or \\t)");
        }
        return source.error(at, withExpectation(firstLine(SOURCE_REFERENCE.matcher(original).replaceAll("")),
                yaml ? "valid YAML" : "valid JSON"));
    }

    /** "unexpected end of file, expected ..." naming the innermost container left open. */
    static String endOfFile(Deque<DocumentParser.Open> open) {
        DocumentParser.Open innermost = open.peek();
        if (innermost == null) {
            return "unexpected end of file, expected a value";
        }
        return "unexpected end of file, expected '" + innermost.closer() + "' to close the "
                + innermost.what() + " opened at " + innermost.at();
    }

    private static ProfileFormatException yamlError(Source source, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Position at = mark == null ? Position.START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
        String problem = e.getProblem() == null ? "" : firstLine(e.getProblem());
        if (problem.contains("(TAB)")) {
            return source.error(at, "tab character, expected spaces (YAML does not allow tabs for indentation)");
        }
        if (problem.startsWith("mapping values are not allowed here")) {
            return source.error(at, "':' inside a plain value, expected quotes around a value that contains ': '");
        }
        Matcher m = SNAKE_EXPECTED_BUT.matcher(problem);
        String detail;
        if (m.matches()) {
            detail = "found " + yamlThing(m.group(2)) + ", expected " + m.group(1);
        } else if (problem.startsWith("found unexpected end of stream")) {
            boolean inQuotes = e.getContext() != null && e.getContext().contains("quoted scalar");
            detail = "unexpected end of file, expected " + (inQuotes ? "a closing quote" : "the rest of the document");
        } else {
            detail = withExpectation(problem, "valid YAML");
        }
        String context = e.getContext();
        Mark contextMark = e.getContextMark();
        if (context != null && !context.isBlank()) {
            String where = contextMark == null ? ""
                    : " that starts at " + (contextMark.getLine() + 1) + ":" + (contextMark.getColumn() + 1);
            // Put the context before the ", expected" part so the message still ends with the expectation.
            int split = detail.indexOf(", expected");
            String clause = " (" + firstLine(context) + where + ")";
            detail = split < 0 ? detail + clause : detail.substring(0, split) + clause + detail.substring(split);
        }
        return source.error(at, detail);
    }

    private static MarkedYAMLException snakeCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    private static String yamlThing(String snake) {
        return switch (snake.trim()) {
            case "<stream end>" -> "the end of the file";
            case "<block end>" -> "the end of an indented block";
            case "<block mapping start>", "<block sequence start>" -> "a new indented block";
            case "<scalar>" -> "a value";
            default -> snake.trim();
        };
    }

    private static String character(int code) {
        return switch (code) {
            case '\t' -> "tab";
            case '\n', '\r' -> "line break";
            default -> code < 0x20 ? String.format("control character U+%04X", code)
                    : "character '" + new String(Character.toChars(code)) + "'";
        };
    }

    /** Jackson's "was expecting X" in this project's words. */
    private static String expectation(String jackson) {
        String s = firstLine(SOURCE_REFERENCE.matcher(jackson).replaceAll("")).trim();
        if (s.contains("double-quote to start field name")) {
            return "expected a field name in double quotes";
        }
        if (s.contains("comma to separate Object entries")) {
            return "expected ',' or '}'";
        }
        if (s.contains("comma to separate Array entries")) {
            return "expected ',' or ']'";
        }
        if (s.contains("colon to separate field name and value")) {
            return "expected ':' after the field name";
        }
        if (s.contains("expected a value") || s.contains("expected a valid value")) {
            return "expected a value";
        }
        if (s.contains("maybe a (non-standard) comment")) {
            return "expected no comments (JSON has none)";
        }
        return withExpectation(s.replace("was expecting", "expected"), "valid JSON");
    }

    private static String withExpectation(String message, String fallback) {
        String s = decapitalize(message.trim());
        if (s.isEmpty()) {
            return "malformed input, expected " + fallback;
        }
        return SAYS_EXPECTED.matcher(s).find() ? s : s + ", expected " + fallback;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String decapitalize(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }
}
