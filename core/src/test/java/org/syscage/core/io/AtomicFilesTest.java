package org.syscage.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path out = dir.resolve("profile.json");
        AtomicFiles.writeAtomically(out, "{}\n", false);
        assertEquals("{}\n", Files.readString(out));
        assertEquals(List.of("profile.json"), names());
    }

    @Test
    void newFilesGetTheUsualPermissionsNotATempFiles0600() throws IOException {
        Path reference = dir.resolve("reference");
        Files.writeString(reference, "x");
        Path out = dir.resolve("out");
        AtomicFiles.writeAtomically(out, "x", false);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(out));
    }

    @Test
    void refusesToReplaceAnExistingFileUnlessAllowed() throws IOException {
        Path out = dir.resolve("profile.yaml");
        Files.writeString(out, "old");
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeAtomically(out, "new", false));
        assertEquals("old", Files.readString(out));
        assertEquals(List.of("profile.yaml"), names());
    }

    @Test
    void replacesAnExistingFileKeepingItsPermissions() throws IOException {
        Path out = dir.resolve("profile.yaml");
        Files.writeString(out, "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeAtomically(out, "new", true);
        assertEquals("new", Files.readString(out));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals(List.of("profile.yaml"), names());
    }

    @Test
    void worksForARelativePathInTheCurrentDirectory() throws IOException {
        Path out = Path.of("target", "atomic-files-test-" + ProcessHandle.current().pid() + ".txt");
        try {
            AtomicFiles.writeAtomically(out, "here", false);
            assertEquals("here", Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
