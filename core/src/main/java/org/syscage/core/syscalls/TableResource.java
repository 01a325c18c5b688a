package org.syscage.core.syscalls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parsed {@code syscalls.tsv} resource that tools/gen-syscall-tables.py writes from
 * libseccomp's syscalls.csv: one row per syscall name, one column per table column of
 * {@link org.syscage.core.arch.Arch#tableColumn()}, raw numbers, {@code -} where absent.
 */
record TableResource(String kernelVersion, List<String> columns, List<Row> rows) {

    static final String NAME = "syscalls.tsv";
    private static final String VERSION_LINE = "#kernel\t";
    private static final String ABSENT = "-";

    /** A syscall and its raw number per column, {@code -1} where the column has none. */
    record Row(String name, int[] numbers) {
        boolean has(int column) {
            return numbers[column] >= 0;
        }
    }

    int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException(NAME + " has no column '" + name + "'");
        }
        return i;
    }

    static TableResource load() {
        try (InputStream in = TableResource.class.getResourceAsStream(NAME)) {
            if (in == null) {
                throw new IllegalStateException("resource " + NAME + " missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // A broken resource is a build defect, not user input: fail loudly with the line.
    static TableResource parse(BufferedReader reader) throws IOException {
        String version = null;
        List<String> columns = null;
        List<Row> rows = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.startsWith(VERSION_LINE)) {
                version = line.substring(VERSION_LINE.length()).strip();
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (columns == null) {
                String[] header = line.split("\t");
                if (!header[0].equals("name")) {
                    throw corrupt(lineNo, "expected the 'name' header");
                }
                columns = List.of(Arrays.copyOfRange(header, 1, header.length));
            } else {
                rows.add(row(line, columns.size(), lineNo));
            }
        }
        if (version == null || columns == null) {
            throw corrupt(lineNo, "missing '#kernel' line or header");
        }
        return new TableResource(version, columns, List.copyOf(rows));
    }

    private static Row row(String line, int columnCount, int lineNo) {
        String[] cells = line.split("\t");
        if (cells.length != columnCount + 1) {
            throw corrupt(lineNo, cells.length + " cells, expected " + (columnCount + 1));
        }
        int[] numbers = new int[columnCount];
        for (int i = 0; i < columnCount; i++) {
            String cell = cells[i + 1];
            try {
                numbers[i] = cell.equals(ABSENT) ? -1 : Integer.parseInt(cell);
            } catch (NumberFormatException e) {
                throw corrupt(lineNo, "bad number '" + cell + "'");
            }
        }
        return new Row(cells[0], numbers);
    }

    private static IllegalStateException corrupt(int lineNo, String what) {
        return new IllegalStateException(NAME + ":" + lineNo + ": " + what);
    }
}
