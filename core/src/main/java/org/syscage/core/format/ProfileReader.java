package org.syscage.core.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.syscage.core.InputException;
import org.syscage.core.format.Node.MapNode;
import org.syscage.core.profile.Profile;

/**
 * Reads a seccomp profile in any supported format into the model.
 *
 * <p>Accepted, told apart by content (never by file name):
 * <ul>
 *   <li>an OCI runtime-spec {@code linux.seccomp} object, bare;</li>
 *   <li>a whole OCI {@code config.json} (a top-level {@code linux} or {@code ociVersion} field): its
 *       {@code linux.seccomp} is read and the rest of the config ignored;</li>
 *   <li>a Docker profile: the OCI fields plus {@code archMap}, and per rule {@code name},
 *       {@code comment}, {@code includes}, {@code excludes};</li>
 *   <li>a Security Profiles Operator SeccompProfile object ({@code apiVersion}
 *       security-profiles-operator.x-k8s.io/v1 or v1beta1, {@code kind: SeccompProfile}).</li>
 * </ul>
 * Each may be JSON or YAML: text starting with '{' (after whitespace or a byte-order mark) is
 * JSON, anything else YAML. Every problem is a {@link ProfileFormatException} naming
 * file:line:column; see docs/formats.md for the rules checked. The {@code ...WithFormat} methods
 * also say which {@link ProfileFormat} the text was in (see {@link ReadProfile}).
 */
public final class ProfileReader {
    private ProfileReader() {}

    /** Reads a file; the path as given names it in messages. */
    public static Profile read(Path file) {
        return readWithFormat(file).profile();
    }

    /** Like {@link #read(Path)}, telling the format the file was written in. */
    public static ReadProfile readWithFormat(Path file) {
        return parseWithFormat(file.toString(), readFile(file));
    }

    /**
     * Reads {@code source}: a file path, or {@code -} for the given stdin (named
     * {@code <stdin>} in messages).
     */
    public static Profile read(String source, InputStream stdin) {
        return readWithFormat(source, stdin).profile();
    }

    /** Like {@link #read(String, InputStream)}, telling the format the profile was written in. */
    public static ReadProfile readWithFormat(String source, InputStream stdin) {
        return parseWithFormat(source, readBytes(source, stdin));
    }

    /**
     * The bytes of {@code source} (a file, or {@code -} for {@code stdin}) as they are, for a
     * caller that needs them besides the profile (a hash of them, say): it reads once and hands
     * the same bytes to {@link #parseWithFormat(String, byte[])}. A file that cannot be read is an
     * {@link InputException} naming it.
     */
    public static byte[] readBytes(String source, InputStream stdin) {
        if (!source.equals("-")) {
            return readFile(Path.of(source));
        }
        try {
            return stdin.readAllBytes();
        } catch (IOException e) {
            throw new InputException(Source.STDIN + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(file + ": permission denied");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses profile text. {@code sourceName} prefixes every message; {@code -} (stdin) is
     * shown as {@code <stdin>}.
     */
    public static Profile parse(String sourceName, String content) {
        return parseWithFormat(sourceName, content).profile();
    }

    /** Like {@link #parse}, telling the format the profile was written in. */
    public static ReadProfile parseWithFormat(String sourceName, String content) {
        return Document.parse(Source.named(sourceName), content).read();
    }

    /**
     * Parses the bytes of a profile, strict UTF-8 (a byte-order mark is allowed). Every problem,
     * a bad byte included, is a {@link ProfileFormatException} naming {@code sourceName} with
     * line and column, as when the file itself is read.
     */
    public static ReadProfile parseWithFormat(String sourceName, byte[] content) {
        Source source = Source.named(sourceName);
        return Document.parse(source, decode(source, content)).read();
    }

    /** Like {@link #read(Path)}, keeping where each part of the profile was written. */
    public static LocatedProfile readLocated(Path file) {
        return parseLocated(file.toString(), readFile(file));
    }

    /** Like {@link #read(String, InputStream)}, keeping where each part of the profile was written. */
    public static LocatedProfile readLocated(String source, InputStream stdin) {
        return parseLocated(source, readBytes(source, stdin));
    }

    /** Like {@link #parseWithFormat(String, byte[])}, keeping where each part of the profile was written. */
    public static LocatedProfile parseLocated(String sourceName, byte[] content) {
        Source source = Source.named(sourceName);
        return Document.parse(source, decode(source, content)).located();
    }

    /** Like {@link #parse}, keeping where each part of the profile was written. */
    public static LocatedProfile parseLocated(String sourceName, String content) {
        return Document.parse(Source.named(sourceName), content).located();
    }

    /**
     * One parsed document: the profile, its format, and the object its seccomp fields were read
     * from (where {@link ProfileLocations} looks them up, indexed only when asked for).
     */
    private record Document(Source source, ReadProfile read, MapNode seccomp) {
        static Document parse(Source source, String content) {
            Node root = DocumentParser.parse(source, content);
            NodeReader r = new NodeReader(source);
            MapNode top = r.object(root, "", "a seccomp profile (an object with defaultAction)");
            if (CrdBinder.isKubernetesObject(top)) {
                ReadProfile crd = new CrdBinder(r).read(top);
                // The binder has checked that spec is an object.
                return new Document(source, crd, (MapNode) top.entry("spec").value());
            }
            ProfileBinder plain = new ProfileBinder(r, ProfileBinder.Dialect.PLAIN);
            if (top.has("linux") || top.has("ociVersion")) {
                MapNode linux = r.object(r.required(top, "", "linux", "the config's linux section with seccomp"),
                        "linux", "an object with seccomp");
                MapNode seccomp = r.object(r.required(linux, "linux", "seccomp", "a seccomp profile"),
                        "linux.seccomp", "a seccomp profile (an object with defaultAction)");
                return new Document(source, plainFormat(plain.profile(seccomp, "linux.seccomp")), seccomp);
            }
            return new Document(source, plainFormat(plain.profile(top, "")), top);
        }

        /** OCI and Docker share one reader; only Docker's own fields tell a Docker profile apart. */
        private static ReadProfile plainFormat(Profile profile) {
            return new ReadProfile(profile, profile.isDockerFormat() ? ProfileFormat.DOCKER : ProfileFormat.OCI);
        }

        LocatedProfile located() {
            return new LocatedProfile(read.profile(), ProfileLocations.index(source, seccomp));
        }
    }

    /** Strict UTF-8: a bad byte is reported at its line and column instead of becoming U+FFFD. */
    private static String decode(Source source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            throw source.error(positionAfter(out), "invalid UTF-8 byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + ", expected UTF-8 text");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** The position of the character that would follow {@code text}. */
    private static Position positionAfter(CharSequence text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else if (c != '\uFEFF' || i > 0) {
                column++;
            }
        }
        return new Position(line, column);
    }
}
