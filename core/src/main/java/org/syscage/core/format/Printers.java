package org.syscage.core.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns format documents into text: JSON laid out as Go's json.MarshalIndent(v, "", "\t"), YAML as kubectl. */
final class Printers {
    private static final ObjectWriter JSON;
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .stringQuotingChecker(new PlainOnlyWhenSafe())
            .build());

    static {
        // Tabs, "key": value, and [] / {} for empty containers: byte-for-byte what moby and runc write.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator(""));
        DefaultIndenter tabs = new DefaultIndenter("\t", "\n");
        printer.indentArraysWith(tabs);
        printer.indentObjectsWith(tabs);
        JSON = new ObjectMapper().writer(printer);
    }

    private Printers() {}

    static String json(JsonNode document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e); // a tree of plain values always prints
        }
    }

    static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print YAML", e);
        }
    }

    /**
     * Leaves a string unquoted only when it cannot be read back as anything but that string:
     * identifier-like text that is not one of YAML 1.1's booleans or null. Jackson's default
     * leaves {@code 0x10} or {@code 1_0} plain, which read back as numbers.
     */
    static final class PlainOnlyWhenSafe extends StringQuotingChecker {
        private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./=-]*");
        private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off",
                "null", "nan", "inf");

        @Override
        public boolean needToQuoteName(String name) {
            return needToQuoteValue(name);
        }

        @Override
        public boolean needToQuoteValue(String value) {
            return !PLAIN.matcher(value).matches() || RESERVED.contains(value.toLowerCase(Locale.ROOT));
        }
    }
}
