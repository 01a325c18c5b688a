package org.syscage.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed resource is what tools/gen-syscall-tables.py makes from the reference csv today. */
class GeneratedResourceTest {

    @Test
    void committedResourceMatchesTheGenerator(@TempDir Path tmp) throws Exception {
        Path script = projectFile("tools/gen-syscall-tables.py");
        Path out = tmp.resolve("syscalls.tsv");
        Process p = new ProcessBuilder("python3", script.toString(), ReferenceCsv.locate(ReferenceCsv.FILE).toString(),
                "-o", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), log);
        try (InputStream committed = TableResource.class.getResourceAsStream(TableResource.NAME)) {
            assertNotNull(committed);
            List<String> want = Files.readAllLines(out);
            List<String> got = new String(committed.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                assertEquals(want.get(i), got.get(i), "line " + (i + 1) + " of " + TableResource.NAME
                        + " is stale: run tools/gen-syscall-tables.py and commit the result");
            }
            assertEquals(want.size(), got.size(), "line count of " + TableResource.NAME);
        }
    }

    private static Path projectFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
