package org.syscage.core.syscalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * libseccomp's syscalls.csv read directly, as the independent side of the table tests. Found via
 * the system property {@code syscage.reference.dir}, else in {@code shared/reference} of the
 * nearest directory above the working directory (CI keeps it at {@code ../shared/reference}
 * beside the clone). Missing data fails the tests: they must never pass by not looking.
 */
record ReferenceCsv(Path path, String header, List<String> arches, Map<String, List<String>> cells) {

    static final String FILE = "libseccomp-syscalls.csv";

    static ReferenceCsv load() {
        Path path = locate(FILE);
        try {
            List<String> lines = Files.readAllLines(path);
            String[] header = lines.getFirst().split(",");
            List<String> arches = new ArrayList<>();
            for (int i = 1; i < header.length; i += 2) {
                arches.add(header[i]);
            }
            Map<String, List<String>> cells = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",");
                List<String> numbers = new ArrayList<>();
                for (int i = 1; i < c.length; i += 2) {
                    numbers.add(c[i]);
                }
                cells.put(c[0], numbers);
            }
            return new ReferenceCsv(path, header[0], List.copyOf(arches), cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path locate(String file) {
        String dir = System.getProperty("syscage.reference.dir");
        if (dir != null) {
            return Path.of(dir, file);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared/reference").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("reference data " + file + " not found in shared/reference above "
                + Path.of("").toAbsolutePath() + " (set -Dsyscage.reference.dir=DIR to point at it)");
    }

    /** The raw number of {@code name} in {@code column}, empty for PNR. */
    OptionalInt raw(String name, String column) {
        String cell = cells.get(name).get(arches.indexOf(column));
        return cell.equals("PNR") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(cell));
    }
}
