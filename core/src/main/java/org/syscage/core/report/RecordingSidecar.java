package org.syscage.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.syscage.core.InputException;
import org.syscage.core.format.SourceLocation;

/**
 * The account {@code syscage record} writes beside a recorded profile ({@code OUT.report.json}):
 * per syscall and arch how often it was called, by which thread and program first, and why the
 * name is in the profile. Only the {@code syscalls} list is read; other fields are skipped, so
 * that a sidecar with more fields than this version knows still reads.
 *
 * <pre>{@code
 * {"baseSyscalls": "runc", "syscalls": [
 *   {"name": "read", "arch": "SCMP_ARCH_X86_64", "count": 12, "firstPid": 4242,
 *    "executable": "/usr/bin/ls", "why": ["recorded"]},
 *   {"name": "capget", "why": ["base set runc"]}]}
 * }</pre>
 *
 * @param file the sidecar as the user named it
 * @param uses one entry per syscall and arch, in the file's order
 */
public record RecordingSidecar(String file, List<Use> uses) {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    public RecordingSidecar {
        Objects.requireNonNull(file, "file");
        uses = List.copyOf(uses);
    }

    /**
     * One syscall of the recording on one arch; a name that is in the profile only because of the
     * base set has no arch, count 0, pid 0 and no executable.
     *
     * @param arch       the arch in OCI spelling ({@code SCMP_ARCH_X86_64}), or null
     * @param executable the program of the first caller, or null
     * @param why        the reasons the name is in the profile ({@code recorded}, {@code base set runc}...)
     */
    public record Use(String name, String arch, long count, int firstPid, String executable, List<String> why) {
        public Use {
            Objects.requireNonNull(name, "name");
            why = List.copyOf(why);
        }

        /** Whether the command really made this call (a base-set name not called has no arch). */
        public boolean recorded() {
            return arch != null;
        }
    }

    /** The uses of each name (several when it was called on several arches), in file order. */
    public Map<String, List<Use>> byName() {
        Map<String, List<Use>> m = new LinkedHashMap<>();
        uses.forEach(u -> m.computeIfAbsent(u.name(), k -> new ArrayList<>()).add(u));
        return m;
    }

    /** Reads a sidecar file; a missing or malformed one is an {@link InputException} naming file:line:column. */
    public static RecordingSidecar read(Path path) {
        try {
            return parse(path.toString(), Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new InputException(path + ": no such file, expected the .report.json that 'syscage record' wrote");
        } catch (IOException e) {
            throw new InputException(path + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses sidecar text; {@code file} names it in error messages. */
    public static RecordingSidecar parse(String file, String json) {
        try (JsonParser p = JSON.createParser(json)) {
            return new Reader(file, p).document();
        } catch (JsonProcessingException e) {
            throw new InputException(where(file, e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String where(String file, JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return file;
        }
        return new SourceLocation(file, at.getLineNr(), Math.max(1, at.getColumnNr())).toString();
    }

    /** A streaming read, so that every complaint can name the line and column of the token. */
    private record Reader(String file, JsonParser p) {
        RecordingSidecar document() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a JSON object (the record report)");
            List<Use> uses = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("syscalls")) {
                    expect(value, JsonToken.START_ARRAY, "'syscalls' to be a list");
                    uses = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        uses.add(use());
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (uses == null) {
                throw fail("no 'syscalls' list, expected the .report.json that 'syscage record' wrote");
            }
            return new RecordingSidecar(file, uses);
        }

        private Use use() throws IOException {
            expect(p.currentToken(), JsonToken.START_OBJECT, "an object for each syscall");
            JsonLocation start = p.currentTokenLocation();
            String name = null;
            String arch = null;
            String executable = null;
            long count = 0;
            int firstPid = 0;
            List<String> why = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "name" -> name = text(value, field);
                    case "arch" -> arch = text(value, field);
                    case "executable" -> executable = text(value, field);
                    case "count" -> count = number(value, field);
                    case "firstPid" -> firstPid = (int) number(value, field);
                    case "why" -> {
                        expect(value, JsonToken.START_ARRAY, "'why' to be a list of strings");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            why.add(text(p.currentToken(), "why"));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (name == null) {
                throw new InputException(where(file, start) + ": syscall entry without a 'name', expected a string");
            }
            return new Use(name, arch, count, firstPid, executable, why);
        }

        private String text(JsonToken token, String field) {
            expect(token, JsonToken.VALUE_STRING, "'" + field + "' to be a string");
            try {
                return p.getText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private long number(JsonToken token, String field) throws IOException {
            expect(token, JsonToken.VALUE_NUMBER_INT, "'" + field + "' to be a whole number");
            long n = p.getLongValue();
            if (n < 0) {
                throw fail("'" + field + "' is " + n + ", expected a number of 0 or more");
            }
            return n;
        }

        private void expect(JsonToken actual, JsonToken wanted, String what) {
            if (actual != wanted) {
                throw fail("found " + (actual == null ? "the end of the file" : describe(actual)) + ", expected " + what);
            }
        }

        private InputException fail(String message) {
            return new InputException(where(file, p.currentTokenLocation()) + ": " + message);
        }

        private static String describe(JsonToken t) {
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
            };
        }
    }
}
