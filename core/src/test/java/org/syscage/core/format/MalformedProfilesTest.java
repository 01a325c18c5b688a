package org.syscage.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code bad/} must fail with a one-line error at the position written in
 * {@code bad/cases.tsv}, a position worked out by hand from the file.
 */
class MalformedProfilesTest {
    /** The word itself: "unexpected" alone does not tell the user what to write. */
    static final Pattern SAYS_EXPECTED = Pattern.compile("\\bexpected\\b");

    record Case(String file, int line, int column, String mentions) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Path badDir() throws URISyntaxException {
        return Path.of(MalformedProfilesTest.class.getResource("bad/cases.tsv").toURI()).getParent();
    }

    static List<Case> cases() throws IOException, URISyntaxException {
        try (Stream<String> lines = Files.lines(badDir().resolve("cases.tsv"))) {
            return lines.filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> {
                        String[] f = l.split("\t", 3);
                        String[] pos = f[1].split(":");
                        return new Case(f[0], Integer.parseInt(pos[0]), Integer.parseInt(pos[1]), f[2]);
                    })
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedFileGivesOneLineErrorAtItsPosition(Case c) throws URISyntaxException {
        Path file = badDir().resolve(c.file());

        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> ProfileReader.read(file));

        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        assertTrue(message.startsWith(file + ":" + c.line() + ":" + c.column() + ": "), () -> "position: " + message);
        assertEquals(file.toString(), e.file());
        assertEquals(c.line(), e.line());
        assertEquals(c.column(), e.column());
        assertTrue(e.detail().contains(c.mentions()), () -> "message: " + message);
        assertTrue(SAYS_EXPECTED.matcher(e.detail()).find(), () -> "says what was expected: " + message);
    }

    /**
     * Bytes a caller read itself (to hash them, say) fail as the file does: same line, column
     * and detail, under the name the caller gives.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bytesParsedUnderAGivenNameFailAtTheSamePosition(Case c) throws IOException, URISyntaxException {
        byte[] bytes = Files.readAllBytes(badDir().resolve(c.file()));
        String name = "profiles/" + c.file();

        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> ProfileReader.parseWithFormat(name, bytes));

        assertTrue(e.getMessage().startsWith(name + ":" + c.line() + ":" + c.column() + ": "), e::getMessage);
        assertEquals(name, e.file());
        assertTrue(e.detail().contains(c.mentions()), e::getMessage);
    }

    @Test
    void everyCorpusFileHasAnExpectation() throws IOException, URISyntaxException {
        Set<String> listed = cases().stream().map(Case::file).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(badDir())) {
            List<String> missing = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("cases.tsv") && !listed.contains(n))
                    .toList();
            assertEquals(List.of(), missing);
        }
    }

    @Test
    void stdinIsNamedInMessages() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> ProfileReader.parse("-", "{\"defaultAction\": \"SCMP_ACT_NOPE\"}"));
        assertTrue(e.getMessage().startsWith("<stdin>:1:19: defaultAction: unknown action 'SCMP_ACT_NOPE'"),
                e.getMessage());
    }
}
