package org.syscage.linux.launch;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Machine code written as an assembly listing: one instruction a line, its bytes in hex, a bar,
 * the instruction as objdump prints it (Intel syntax for x86_64) and a comment after a
 * semicolon. Lines of the form {@code name:} are labels; jumps name them. The bytes are the
 * program; the rest documents it, and a test checks that it agrees with a disassembler.
 *
 * <pre>
 *         49 89 f9                | mov r9, rdi          ; keep the block pointer
 * .child:
 *         45 31 e4                | xor r12d, r12d
 * </pre>
 *
 * @param lines  the instructions in order
 * @param labels label name to offset in bytes
 */
record Listing(List<Line> lines, Map<String, Integer> labels) {

    /** How the hex column of a listing is written. */
    enum Hex {
        /** Bytes in memory order, as x86 listings show them. */
        BYTES,
        /** 32-bit instruction words, most significant digit first, stored little-endian (A64). */
        LITTLE_ENDIAN_WORDS
    }

    /** One instruction: where it starts, its bytes, its assembly text and comment. */
    record Line(int offset, byte[] bytes, String assembly, String comment) {
    }

    Listing {
        lines = List.copyOf(lines);
        labels = Map.copyOf(labels);
    }

    static Listing parse(String text, Hex hex) {
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> labels = new LinkedHashMap<>();
        int offset = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.endsWith(":") && !line.contains("|")) {
                labels.put(line.substring(0, line.length() - 1), offset);
                continue;
            }
            int bar = line.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("listing line without '|': " + line);
            }
            byte[] bytes = bytes(line.substring(0, bar).strip(), hex);
            String rest = line.substring(bar + 1);
            int semicolon = rest.indexOf(';');
            String assembly = (semicolon < 0 ? rest : rest.substring(0, semicolon)).strip();
            String comment = semicolon < 0 ? "" : rest.substring(semicolon + 1).strip();
            lines.add(new Line(offset, bytes, assembly, comment));
            offset += bytes.length;
        }
        return new Listing(lines, labels);
    }

    private static byte[] bytes(String column, Hex hex) {
        return switch (hex) {
            case BYTES -> HexFormat.of().parseHex(column.replace(" ", ""));
            case LITTLE_ENDIAN_WORDS -> {
                int word = HexFormat.fromHexDigits(column);
                if (column.length() != 8) {
                    throw new IllegalArgumentException("not one 32-bit instruction word: " + column);
                }
                yield new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
            }
        };
    }

    /** The machine code: every line's bytes, in order. */
    byte[] code() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(line -> out.writeBytes(line.bytes()));
        return out.toByteArray();
    }
}
